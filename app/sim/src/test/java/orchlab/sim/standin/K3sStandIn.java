package orchlab.sim.standin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import orchlab.sim.SimCluster;
import orchlab.sim.SimSettings;
import orchlab.sim.api.ApiServer;
import orchlab.sim.api.SimTls;

/**
 * The entry point of the OrchLab k3s TEST STAND-IN image ({@code assets/offline-images/k3s-standin}): what its
 * {@code /bin/k3s} runs. {@code k3s server [flags]} starts the lab's simulated cluster on {@code 0.0.0.0:6443} over
 * TLS with a server CA, a client CA and an admin client certificate made now, writes the kubeconfig k3s writes
 * ({@code /etc/rancher/k3s/k3s.yaml}: server {@code https://127.0.0.1:6443}, names {@code default}, the client
 * certificate and key) and prints the line Testcontainers' {@code K3sContainer} waits for
 * ({@code Node controller sync successful}). Test code only: nothing in the product starts it.
 *
 * <p>Flags read as k3s reads them: {@code --tls-san} (repeatable, comma lists too; extra names of the serving
 * certificate), {@code --https-listen-port}, {@code --write-kubeconfig}/{@code -o}, {@code --write-kubeconfig-mode}.
 * Every other flag is accepted and named in the log as ignored ({@code --disable=traefik} among them).
 */
public final class K3sStandIn {

    static final String READY_LINE = "Node controller sync successful";

    private K3sStandIn() {
    }

    /** The flags of {@code k3s server} the stand-in reads. */
    record Flags(List<String> tlsSans, int port, Path kubeconfig, String kubeconfigMode, List<String> ignored) {
        static Flags parse(List<String> args) {
            if (args.isEmpty() || !args.get(0).equals("server")) {
                throw new IllegalArgumentException("the OrchLab k3s stand-in runs only `k3s server` (got `k3s "
                        + String.join(" ", args) + "`)");
            }
            List<String> sans = new ArrayList<>();
            int port = 6443;
            Path kubeconfig = Path.of("/etc/rancher/k3s/k3s.yaml");
            String mode = "600";
            List<String> ignored = new ArrayList<>();
            for (int i = 1; i < args.size(); i++) {
                String arg = args.get(i);
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                boolean takesValue = Set.of("--tls-san", "--https-listen-port", "--write-kubeconfig", "-o",
                        "--write-kubeconfig-mode").contains(name);
                String value = null;
                if (takesValue) {
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new IllegalArgumentException("flag needs an argument: " + name);
                    }
                }
                switch (name) {
                    case "--tls-san" -> {
                        for (String san : value.split(",")) {
                            if (!san.isBlank()) {
                                sans.add(san.trim());
                            }
                        }
                    }
                    case "--https-listen-port" -> port = Integer.parseInt(value);
                    case "--write-kubeconfig", "-o" -> kubeconfig = Path.of(value);
                    case "--write-kubeconfig-mode" -> mode = value;
                    default -> ignored.add(arg);
                }
            }
            return new Flags(List.copyOf(sans), port, kubeconfig, mode, List.copyOf(ignored));
        }
    }

    /** The kubeconfig k3s writes for its admin, pointing at 127.0.0.1 inside the container. */
    static String kubeconfig(int port, SimTls tls) {
        return """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: %s
                    server: https://127.0.0.1:%d
                  name: default
                contexts:
                - context:
                    cluster: default
                    user: default
                  name: default
                current-context: default
                kind: Config
                preferences: {}
                users:
                - name: default
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(tls.certificateData(), port, tls.clientCertificateData().orElseThrow(),
                tls.clientKeyData().orElseThrow());
    }

    public static void main(String[] args) throws Exception {
        Flags flags;
        try {
            flags = Flags.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            log("fatal", e.getMessage());
            System.exit(1);
            return;
        }
        log("info", "Starting k3s v1.31.5+k3s1 - OrchLab TEST STAND-IN: the lab's simulated cluster, not k3s "
                + "(no containers really run)");
        if (!flags.ignored().isEmpty()) {
            log("info", "stand-in ignores " + String.join(" ", flags.ignored()));
        }
        Set<String> names = new LinkedHashSet<>(flags.tlsSans());
        String hostname = InetAddress.getLocalHost().getHostName();
        names.add(hostname);
        for (InetAddress address : InetAddress.getAllByName(hostname)) {
            names.add(address.getHostAddress());
        }
        SimTls tls = SimTls.withClientCertificates(List.copyOf(names));
        // k3s has no Istio: the lab's Kubernetes start path registers Istio's API on it when an exercise needs it
        SimCluster cluster = SimCluster.start(SimSettings.instant().withoutIstioApi(), new ApiServer.Endpoint(
                InetAddress.getByName("0.0.0.0"), flags.port(), tls, Set.copyOf(names)));
        log("info", "Running kube-apiserver (simulated) on https://0.0.0.0:" + cluster.port() + " for " + names);
        writeKubeconfig(flags, kubeconfig(flags.port(), tls));
        log("info", "Wrote kubeconfig " + flags.kubeconfig());
        warmUp(cluster, tls);
        // klog's format, as k3s's cloud controller prints it when the node is registered
        System.out.printf("I%s       1 node_controller.go:425] \"%s\"%n",
                LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS")), READY_LINE);
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("info", "Shutting down the simulated cluster");
            cluster.close();
            stopped.countDown();
        }, "k3s-standin-shutdown"));
        stopped.await();
    }

    /**
     * A few requests to itself before saying it is ready: k3s logs the line only after its API server has been
     * serving for a while, whereas a fresh JVM answers its first TLS handshakes slowly (seconds on a busy machine, more
     * than a client's connect timeout).
     */
    private static void warmUp(SimCluster cluster, SimTls tls) {
        HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).connectTimeout(Duration.ofSeconds(30)).build();
        for (String path : List.of("/version", "/api", "/apis", "/api/v1/namespaces/kube-system")) {
            try {
                client.send(HttpRequest.newBuilder(URI.create(cluster.url() + path))
                        .header("Authorization", "Bearer " + cluster.server().token()).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                log("warning", "warm-up request " + path + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void writeKubeconfig(Flags flags, String text) throws IOException {
        Path file = flags.kubeconfig();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions(flags.kubeconfigMode())));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the mode is not ours to keep
        }
    }

    /** {@code 600} → {@code rw-------}. */
    static String permissions(String octal) {
        StringBuilder out = new StringBuilder();
        String digits = octal.length() > 3 ? octal.substring(octal.length() - 3) : octal;
        for (char c : digits.toCharArray()) {
            int d = c - '0';
            out.append((d & 4) != 0 ? 'r' : '-').append((d & 2) != 0 ? 'w' : '-').append((d & 1) != 0 ? 'x' : '-');
        }
        return out.toString();
    }

    private static void log(String level, String message) {
        System.out.printf("time=\"%s\" level=%s msg=\"%s\"%n",
                java.time.OffsetDateTime.now(ZoneOffset.UTC).withNano(0), level, message.replace("\"", "'"));
        System.out.flush();
    }
}
