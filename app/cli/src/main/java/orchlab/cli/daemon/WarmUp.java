package orchlab.cli.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import orchlab.cli.CliContext;
import orchlab.cli.LabCommand;
import orchlab.engine.Lab;
import orchlab.engine.check.cel.CelCompileException;
import orchlab.engine.check.cel.CelExpression;
import orchlab.engine.check.cel.CelRuntimeException;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.LoadResult;
import orchlab.engine.course.SandboxKind;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import picocli.CommandLine;

/**
 * What a resident lab process started ahead ({@code lab daemon start}, {@code lab sandbox up}) does once its socket
 * is bound, so that the first {@code lab check} a learner types finds a JVM whose classes are loaded and whose hot
 * code is compiled: it runs {@code lab check} of the built-in course's first Kubernetes exercise (lesson order)
 * {@link #ROUNDS} times, through picocli as a client's command runs (reading the course, the check kinds and drivers,
 * the kubeconfig reader, the JDK's HttpClient and TLS, Jackson, the report), against a loopback HTTPS server of its
 * own that answers {@code /version}, discovery for common kinds ({@link #discovery}) and an object of the requested
 * name for every read ({@link #object}) — so the checks compare fields as on a cluster — then evaluates one CEL
 * expression ({@link #evaluateCel}). Three rounds, measured: one left the first real check at 1.1–1.3 s of CPU in the
 * resident process, three at 0.27 s, a warm call's (app/docs/startup.md).
 *
 * <p>What it never does: print (its command writes to discarded writers; only the daemon logs one line), touch a
 * sandbox (no kubeconfig, cluster or Docker engine of the learner's is read: its kubeconfig names its own server),
 * or change the lab's files (the command's folders are a temporary folder of its own, removed afterwards, and the
 * course is read with CEL expressions compiled later — {@link CelExpression#compilingLater} — so nothing is added to
 * the CEL memory).
 *
 * <p>It runs on a thread of its own at the lowest priority (the thread is reniced to 10 on Linux, so a command or
 * {@code lab sandbox up} running beside it gets the CPU first) and takes nothing a command takes: a command arriving
 * meanwhile runs at once, beside it, and the warm-up stops at its next step. While it runs, the request environment
 * and {@code System.out} routing are a command's: the warm-up reads neither (its arguments name every file; its
 * output goes to its own writers).
 */
final class WarmUp {
    /** How long the warm-up's check may wait for its "not found" answers to change (a few polls, for the JIT). */
    static final String CHECK_TIMEOUT = "1s";
    /** How many times it runs that check: the JIT compiles what runs often, so the first real check finds more compiled. */
    static final int ROUNDS = Integer.getInteger("orchlab.daemon.warmUp.rounds", 3);
    private static final boolean TRACE = Boolean.getBoolean("orchlab.daemon.warmUp.trace");

    private final Lab lab;
    private final Optional<Path> course;
    private final Consumer<String> log;
    private volatile boolean commandSeen;
    private volatile String state;

    /** {@code course}: the built-in course ({@code orchlab.home}); empty when this process knows none. */
    WarmUp(Lab lab, Optional<Path> course, Consumer<String> log, boolean wanted) {
        this.lab = lab;
        this.course = course;
        this.log = log;
        this.state = wanted ? "warm-up not started" : "no warm-up (started by a command)";
    }

    /** Starts the warm-up thread. */
    void start() {
        Thread t = new Thread(this::run, "lab-daemon-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        state = "warming up";
        t.start();
    }

    /** A command started: steps not begun yet are skipped (the command warms what it uses itself). */
    void commandArrived() {
        commandSeen = true;
    }

    /** For {@code lab daemon status}: "warming up", "warm-up done in 1.9 s", "warm-up stopped: ..."... */
    String state() {
        return state;
    }

    private void run() {
        long start = System.nanoTime();
        lowerPriority();
        try {
            if (commandSeen) {
                finish("warm-up skipped: a command came first");
                return;
            }
            Optional<String> skipped = checkOnce();
            if (skipped.isEmpty() && !commandSeen) {
                evaluateCel();
            }
            finish(skipped.map(why -> "warm-up skipped: " + why).orElseGet(() -> String.format(java.util.Locale.ROOT,
                    "warm-up done in %.1f s", (System.nanoTime() - start) / 1e9)));
        } catch (Exception | LinkageError e) {
            finish("warm-up failed: " + e);
        }
    }

    private void finish(String how) {
        state = how;
        log.accept(how);
    }

    /** Runs the check; empty when it ran, else why not. */
    private Optional<String> checkOnce() throws IOException, GeneralSecurityException, OperatorCreationException {
        if (course.isEmpty() || !Files.isRegularFile(course.get().resolve("lessons/course.yaml"))) {
            return Optional.of("no built-in course");
        }
        LoadResult loaded = CelExpression.compilingLater(() -> lab.loadCourse(course.get())).value();
        // the first exercise a learner meets (lesson order) that runs in what a kubeconfig opens: its check reads
        // through the warm-up's kubeconfig only (never a Docker engine)
        Optional<SandboxKind> kubeconfigKind = lab.providers().find("kubeconfig").map(p -> p.kind());
        Optional<Exercise> exercise = kubeconfigKind.isEmpty() ? Optional.empty() : loaded.course().stream()
                .flatMap(c -> c.lessons().stream().flatMap(l -> l.exerciseIds().stream()).map(c::exercise).flatMap(Optional::stream))
                .filter(e -> e.kind().sandbox().equals(kubeconfigKind)).findFirst();
        if (exercise.isEmpty()) {
            return Optional.of("the built-in course has no Kubernetes exercise");
        }
        if (commandSeen) {
            return Optional.of("a command arrived");
        }
        Path folder = Files.createTempDirectory("orchlab-warm-up-"); // owner-only
        KeyPair key = ecKey();
        X509Certificate certificate = selfSigned(key);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        try {
            server.setHttpsConfigurator(new HttpsConfigurator(serverTls(key, certificate)));
            server.createContext("/", WarmUp::answer);
            server.start();
            Path kubeconfig = folder.resolve("kubeconfig");
            Files.writeString(kubeconfig, kubeconfig(server.getAddress().getPort(), certificate));
            String[] args = {"check", exercise.get().id(), "--course", course.get().toString(), "--kubeconfig",
                    kubeconfig.toString(), "--timeout", CHECK_TIMEOUT};
            // its output is kept for the log only when asked (-Dorchlab.daemon.warmUp.trace=true), never printed
            java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
            PrintWriter writer = new PrintWriter(TRACE ? kept : OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            CliContext context = ResidentContext.inFolder(lab, folder);
            int exit = 0;
            for (int i = 0; i < ROUNDS && !commandSeen; i++) {
                exit = CelExpression.compilingLater(() -> {
                    CommandLine cl = LabCommand.commandLine(context, args);
                    cl.setOut(writer);
                    cl.setErr(writer);
                    cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
                    return cl.execute(args);
                }).value();
            }
            writer.flush();
            if (TRACE) {
                log.accept("warm-up: lab " + String.join(" ", args) + " exited " + exit + ":\n" + kept.toString(StandardCharsets.UTF_8));
            }
            return Optional.empty();
        } finally {
            server.stop(0);
            removeAll(folder);
        }
    }

    /**
     * Compiles and evaluates one CEL expression over a Deployment's JSON, as the {@code cel} check kind does: most
     * exercises have a CEL check, and the warm-up's check stops at "not found" before evaluating any. Compiled on its
     * evaluation ({@link CelExpression#compilingLater}): nothing is remembered in the CEL memory.
     */
    private static void evaluateCel() throws IOException, CelRuntimeException {
        com.fasterxml.jackson.databind.JsonNode deployment = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
                 "spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}},
                 "status": {"readyReplicas": 2}}""");
        CelExpression expression = CelExpression.compilingLater(() -> {
            try {
                return CelExpression.compile("object.spec.replicas == object.status.readyReplicas && "
                        + "object.spec.template.spec.containers.all(c, c.image.startsWith('nginx:')) && "
                        + "'app' in object.metadata.labels", java.util.List.of("object"));
            } catch (CelCompileException e) {
                throw new IllegalStateException(e);
            }
        }).value();
        expression.evaluate(java.util.Map.of("object", deployment));
    }

    /**
     * {@code /version} as a cluster answers it; for a read of one object, an object of that name (so that the checks
     * compare fields, as they do on a real cluster, instead of stopping at "not found"); for a list, a list of one.
     * Anything else is "not found".
     */
    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String body;
            if (path.equals("/version")) {
                body = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0+orchlab-warm-up\",\"platform\":\"linux/amd64\"}";
            } else {
                body = discovery(path).or(() -> object(path)).orElse(null);
                if (body == null) {
                    status = 404;
                    body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                            + "\"message\":\"not found\",\"reason\":\"NotFound\",\"code\":404}";
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Kinds the warm-up's server says it serves in every API version (discovery), with their plurals. */
    private static final java.util.List<String> KINDS = java.util.List.of("Pod", "Service", "ConfigMap", "Secret",
            "PersistentVolumeClaim", "ServiceAccount", "Event", "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Job",
            "CronJob", "Ingress", "NetworkPolicy", "Role", "RoleBinding", "HorizontalPodAutoscaler", "PodDisruptionBudget");

    /** A discovery document ({@code /api/v1}, {@code /apis/G/V}) listing {@link #KINDS}. */
    static Optional<String> discovery(String path) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        boolean core = parts.length == 2 && parts[0].equals("api");
        boolean group = parts.length == 3 && parts[0].equals("apis");
        if (!core && !group || !String.join("/", parts).matches("[a-z0-9./-]{1,200}")) {
            return Optional.empty();
        }
        StringBuilder resources = new StringBuilder();
        for (String kind : KINDS) {
            String lower = kind.toLowerCase(java.util.Locale.ROOT);
            String plural = lower.endsWith("s") ? lower + "es" : lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
            resources.append(resources.length() == 0 ? "" : ",").append("{\"name\":\"").append(plural)
                    .append("\",\"namespaced\":true,\"kind\":\"").append(kind).append("\",\"verbs\":[\"get\",\"list\"]}");
        }
        return Optional.of("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\""
                + String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length)) + "\",\"resources\":[" + resources + "]}");
    }

    /** The object or list a Kubernetes read path names ({@code /api/v1/namespaces/NS/PLURAL[/NAME]}, {@code /apis/G/V/...}). */
    static Optional<String> object(String path) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        int rest;
        String apiVersion;
        if (parts.length >= 3 && parts[0].equals("api")) {
            apiVersion = parts[1];
            rest = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            apiVersion = parts[1] + "/" + parts[2];
            rest = 3;
        } else {
            return Optional.empty();
        }
        String namespace = "";
        if (parts.length - rest >= 3 && parts[rest].equals("namespaces")) {
            namespace = parts[rest + 1];
            rest += 2;
        }
        int left = parts.length - rest;
        if (left < 1 || left > 2 || !parts[rest].matches("[a-z0-9.-]{1,63}")) {
            return Optional.empty();
        }
        String name = left == 2 ? parts[rest + 1] : "warm-up";
        if (!name.matches("[a-z0-9.-]{1,253}") || !namespace.matches("[a-z0-9-]{0,63}")) {
            return Optional.empty();
        }
        String item = ("{\"apiVersion\":\"%s\",\"kind\":\"WarmUp\",\"metadata\":{\"name\":\"%s\",%s\"uid\":\"00000000-0000-0000-0000-000000000001\","
                + "\"resourceVersion\":\"1\",\"generation\":1,\"labels\":{\"app\":\"warm-up\"}},"
                + "\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"warm-up\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"warm-up\"}},\"spec\":{\"containers\":[{\"name\":\"warm-up\",\"image\":\"warm-up\"}]}}},"
                + "\"status\":{\"observedGeneration\":1,\"replicas\":1}}").formatted(apiVersion, name,
                namespace.isEmpty() ? "" : "\"namespace\":\"" + namespace + "\",");
        return Optional.of(left == 2 ? item
                : "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[" + item + "]}");
    }

    private static String kubeconfig(int port, X509Certificate certificate) throws GeneralSecurityException {
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        String ca = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: warm-up
                  cluster:
                    server: https://127.0.0.1:%d
                    certificate-authority-data: %s
                users:
                - name: warm-up
                  user:
                    token: warm-up
                contexts:
                - name: warm-up
                  context:
                    cluster: warm-up
                    user: warm-up
                current-context: warm-up
                """.formatted(port, ca);
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    /** A certificate for 127.0.0.1 that only the warm-up's kubeconfig trusts, valid for an hour. */
    private static X509Certificate selfSigned(KeyPair key) throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=orchlab-warm-up");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofHours(1))), name, key.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    private static SSLContext serverTls(KeyPair key, X509Certificate certificate) throws GeneralSecurityException, IOException {
        char[] password = "warm-up".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("warm-up", key.getPrivate(), password, new X509Certificate[] {certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        return tls;
    }

    /**
     * Renices this thread to 10 ({@code renice} on its thread id; Linux gives each thread its own nice value, and
     * threads it starts inherit it). Java's own thread priority is ignored by Linux's scheduler by default.
     */
    private void lowerPriority() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "<pid>/task/<tid>"
            String tid = self.getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", "10", "-p", tid)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            renice.getOutputStream().close();
            renice.waitFor();
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or no renice: Java's priority only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeAll(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            });
        } catch (IOException ignored) {
            // nothing to remove
        }
    }
}
