package orchlab.bench;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.sim.SimSandboxProvider;

/**
 * Benchmark of the simulated cluster (not a test): time from {@code open()} to the first successful API call,
 * and heap used after creating 500 objects (after forcing GC). Goals: ready &lt; 1 s, &lt; 150 MB for 500 objects.
 * Also prints the CPU time spent until ready (wall time depends on how busy the machine is), the time to save the
 * state of 500 objects ({@code persist=true}) and the ready time of a second sim in the same, warm JVM.
 */
public final class SimBench {

    private SimBench() {
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = Files.createTempDirectory("orchlab-simbench");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        SimSandboxProvider provider = new SimSandboxProvider();
        try (Sandbox sandbox = provider.open(new SandboxOptions(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), stateDir, Map.of("podStartDelay", "0")), ProgressListener.NONE)) {
            KubernetesClient client = sandbox.kubernetes().orElseThrow().client();
            client.namespaces().list();
            long readyMs = (System.nanoTime() - start) / 1_000_000;
            long readyCpuMs = (processCpuNanos() - cpuStart) / 1_000_000;
            System.out.printf("ready: %d ms from open() to the first successful API call (goal < 1000 ms); "
                    + "CPU time of the whole JVM meanwhile: %d ms (on %d cores, load average %.1f)%n", readyMs, readyCpuMs,
                    Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.println("sim start phases (SimCluster, ms; tls runs beside the first three): "
                    + ((orchlab.sim.SimSandbox) sandbox).cluster().startPhases());

            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build()).create();
            long t = System.nanoTime();
            for (int i = 0; i < 499; i++) {
                client.configMaps().inNamespace("bench").resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("cm-" + i).withLabels(Map.of("app", "bench", "index", String.valueOf(i))).endMetadata()
                        .addToData("key", "value-" + i).addToData("text", "x".repeat(200)).build()).create();
            }
            long createMs = (System.nanoTime() - t) / 1_000_000;
            int stored = client.configMaps().inNamespace("bench").list().getItems().size();
            gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("created: 500 objects (1 namespace, 499 configmaps; %d listed back) in %d ms%n", stored, createMs);
            System.out.printf("heap used after creating 500 objects (after GC): %.1f MB (goal < 150 MB); "
                    + "growth since before open(): %.1f MB%n", heapAfter / 1e6, (heapAfter - heapBefore) / 1e6);
            Path stateFile = stateDir.resolve("bench-state.json");
            long saveStart = System.nanoTime();
            ((orchlab.sim.SimSandbox) sandbox).cluster().save(stateFile);
            System.out.printf("save: %d ms to write the state of %d objects (%d kB; persist=true saves like this "
                    + "half a second after changes)%n", (System.nanoTime() - saveStart) / 1_000_000,
                    ((orchlab.sim.SimSandbox) sandbox).cluster().store().size(), Files.size(stateFile) / 1024);
            pods(client, memory, heapBefore, ((orchlab.sim.SimSandbox) sandbox).cluster().store());
        }
        // the desktop app starts the sim in a JVM that has already loaded Jackson and fabric8 (course, checks)
        long warmStart = System.nanoTime();
        try (Sandbox again = provider.open(new SandboxOptions(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), Files.createTempDirectory("orchlab-simbench"), Map.of("podStartDelay", "0")),
                ProgressListener.NONE)) {
            again.kubernetes().orElseThrow().client().namespaces().list();
            System.out.printf("ready (warm JVM, second sim in the same process, as in the desktop app): %d ms%n",
                    (System.nanoTime() - warmStart) / 1_000_000);
        }
    }

    /**
     * 1,000 Pods of one Deployment (nginx with a readiness and a liveness probe) until all are Ready: the time it takes,
     * the heap afterwards, and the CPU the sim spends while they all sit Ready (probes are evaluated when a Pod's state
     * changes or a timer is due, not every periodSeconds: an idle cluster should cost next to nothing). The node's
     * allocatable pods is raised from 110 to 1100 first, or 890 of them would stay Pending (Too many pods).
     * {@code -Dsimbench.service=true} puts a Service in front of them (Endpoints and EndpointSlice follow each Pod).
     */
    private static void pods(KubernetesClient client, MemoryMXBean memory, long heapBefore, orchlab.sim.store.ObjectStore store)
            throws Exception {
        int count = Integer.getInteger("simbench.pods", 1000);
        client.nodes().withName("orchlab-sim-node").editStatus(n -> {
            n.getStatus().getAllocatable().put("pods", new io.fabric8.kubernetes.api.model.Quantity(String.valueOf(count + 100)));
            return n;
        });
        io.fabric8.kubernetes.api.model.Probe probe = new io.fabric8.kubernetes.api.model.ProbeBuilder().withNewHttpGet()
                .withPath("/").withPort(new io.fabric8.kubernetes.api.model.IntOrString(80)).endHttpGet().withPeriodSeconds(10).build();
        boolean service = Boolean.getBoolean("simbench.service");
        if (service) {
            // a Service in front of them: its Endpoints and EndpointSlice follow every Pod's readiness
            client.services().inNamespace("bench").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                    .withNewMetadata().withName("load").endMetadata().withNewSpec().addToSelector("app", "load")
                    .addNewPort().withPort(80).withNewTargetPort(80).endPort().endSpec().build()).create();
        }
        long t = System.nanoTime();
        long cpuStart = processCpuNanos();
        long controllerCpuStart = controllerCpuNanos();
        client.apps().deployments().inNamespace("bench").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("load").endMetadata().withNewSpec().withReplicas(count)
                .withNewSelector().addToMatchLabels("app", "load").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "load").endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("nginx:1.27").withReadinessProbe(probe).withLivenessProbe(probe)
                .addNewPort().withContainerPort(80).endPort().endContainer().endSpec().endTemplate().endSpec().build()).create();
        int ready = 0;
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(20).toNanos();
        while (ready < count && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            var status = client.apps().deployments().inNamespace("bench").withName("load").get().getStatus();
            ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
        }
        long readyMs = (System.nanoTime() - t) / 1_000_000;
        long readyCpuMs = (processCpuNanos() - cpuStart) / 1_000_000;
        long controllerCpuMs = (controllerCpuNanos() - controllerCpuStart) / 1_000_000;
        gc();
        long heap = memory.getHeapMemoryUsage().getUsed();
        System.out.printf("pods: %d of %d Ready in %.1f s wall (one Deployment, nginx with readiness and liveness probes; "
                + "the sim's clock is the real one, podStartDelay=0); CPU meanwhile: %.1f s for the whole JVM (bench client "
                + "included), %.1f s on the sim's controller thread; load average %.1f on %d cores%n",
                ready, count, readyMs / 1000.0, readyCpuMs / 1000.0, controllerCpuMs / 1000.0,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        System.out.printf("heap used with %d Pods (and their ReplicaSet, Events, the 500 objects above; after GC): %.1f MB "
                + "(goal < 200 MB); growth since before open(): %.1f MB%n", count, heap / 1e6, (heap - heapBefore) / 1e6);
        if (service) {
            var endpoints = client.endpoints().inNamespace("bench").withName("load").get();
            int addresses = endpoints == null || endpoints.getSubsets().isEmpty() || endpoints.getSubsets().get(0).getAddresses() == null
                    ? 0 : endpoints.getSubsets().get(0).getAddresses().size();
            System.out.printf("service: Endpoints load has %d ready addresses%n", addresses);
        }
        long[] history = store.historySize();
        System.out.printf("store: %d objects; watch history %d changes, %.1f MB of JSON%n", store.size(), history[0], history[1] / 1e6);
        Thread.sleep(2000); // let the last status writes settle
        long cpu = processCpuNanos();
        Thread.sleep(10_000);
        System.out.printf("idle: %d ms of CPU in 10 s while %d Pods sit Ready (no probe is re-run on a timer)%n",
                (processCpuNanos() - cpu) / 1_000_000, count);
    }

    /** CPU time of the sim's controller thread (where reconciling happens), -1 when the JVM cannot tell. */
    private static long controllerCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        for (java.lang.management.ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().equals("orchlab-sim-controllers")) {
                return threads.getThreadCpuTime(info.getThreadId());
            }
        }
        return -1;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
