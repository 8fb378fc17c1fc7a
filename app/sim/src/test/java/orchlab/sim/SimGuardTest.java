package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated cluster on loopback answers only its own clients: raw HTTP as a browser or a local process would send it. */
class SimGuardTest {

    record Reply(int code, String body) {
    }

    private static SimCluster cluster;

    @BeforeAll
    static void start() throws IOException {
        cluster = SimCluster.start(SimSettings.instant(), Optional.empty());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String host() {
        return "127.0.0.1:" + cluster.port();
    }

    private static String bearer() {
        return "Authorization: Bearer " + cluster.server().token() + "\r\n";
    }

    /** One request on its own connection; reads the status line, the headers and a Content-Length body. */
    private static Reply send(String head, byte[] body) throws IOException {
        try (Socket socket = cluster.server().tls().clientContext().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), cluster.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static Reply read(InputStream in) throws IOException {
        String status = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        return new Reply(Integer.parseInt(status.split(" ")[1]), new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
            if (c != '\r') {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static Reply get(String path, String headers) throws IOException {
        return send("GET " + path + " HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n", new byte[0]);
    }

    private static Reply post(String path, String contentType, String body, String headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send("POST " + path + " HTTP/1.1\r\nHost: " + host() + "\r\n" + headers
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n", bytes);
    }

    private static String configMap(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"k\":\"v\"}}";
    }

    @Test
    void aRequestWithoutTheTokenIsUnauthorized() throws IOException {
        Reply reply = get("/api/v1/namespaces", "Host: " + host() + "\r\n");
        assertThat(reply.code()).isEqualTo(401);
        assertThat(reply.body()).contains("\"reason\":\"Unauthorized\"").doesNotContain("\"items\"");
    }

    @Test
    void aRequestWithAnotherTokenIsUnauthorized() throws IOException {
        assertThat(get("/api/v1/namespaces", "Host: " + host() + "\r\nAuthorization: Bearer not-the-token\r\n").code())
                .isEqualTo(401);
    }

    @Test
    void aRequestWithTheTokenIsAnswered() throws IOException {
        Reply reply = get("/api/v1/namespaces", "Host: " + host() + "\r\n" + bearer());
        assertThat(reply.code()).isEqualTo(200);
        assertThat(reply.body()).contains("kube-system");
    }

    @Test
    void aRequestForAnotherHostNameIsForbiddenEvenWithTheToken() throws IOException {
        // DNS rebinding: a page on evil.example re-points its name to 127.0.0.1; the browser still sends its Host
        Reply reply = get("/api/v1/namespaces", "Host: evil.example:" + cluster.port() + "\r\n" + bearer());
        assertThat(reply.code()).isEqualTo(403);
        assertThat(reply.body()).contains("evil.example").doesNotContain("kube-system");
    }

    @Test
    void requestsForLocalhostAndIpv6LoopbackNamesAreAnswered() throws IOException {
        assertThat(get("/version", "Host: localhost:" + cluster.port() + "\r\n" + bearer()).code()).isEqualTo(200);
        assertThat(get("/version", "Host: [::1]:" + cluster.port() + "\r\n" + bearer()).code()).isEqualTo(200);
    }

    @Test
    void crossSiteStylePostsAreRefusedAndCreateNothing() throws IOException {
        assertThat(post("/api/v1/namespaces/default/configmaps", "text/plain", configMap("from-text"), bearer()).code())
                .isEqualTo(415);
        assertThat(post("/api/v1/namespaces/default/configmaps", "application/x-www-form-urlencoded",
                configMap("from-form"), bearer()).code()).isEqualTo(415);
        assertThat(post("/api/v1/namespaces/default/configmaps", "multipart/form-data; boundary=b",
                configMap("from-multipart"), bearer()).code()).isEqualTo(415);
        assertThat(post("/api/v1/namespaces/default/configmaps", null, configMap("untyped"), bearer()).code())
                .isEqualTo(415);
        String names = get("/api/v1/namespaces/default/configmaps", "Host: " + host() + "\r\n" + bearer()).body();
        assertThat(names).doesNotContain("from-text", "from-form", "from-multipart", "untyped");
    }

    @Test
    void aJsonPostWithTheTokenCreatesTheObject() throws IOException {
        Reply reply = post("/api/v1/namespaces/default/configmaps", "application/json", configMap("guarded-ok"), bearer());
        assertThat(reply.code()).isEqualTo(201);
        assertThat(get("/api/v1/namespaces/default/configmaps/guarded-ok", "Host: " + host() + "\r\n" + bearer()).code())
                .isEqualTo(200);
    }

    @Test
    void aDeclaredBodyOverThreeMebibytesIsTooLargeBeforeItIsRead() throws IOException {
        Reply reply = send("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: " + host() + "\r\n" + bearer()
                + "Content-Type: application/json\r\nContent-Length: 200000000\r\n\r\n", new byte[0]);
        assertThat(reply.code()).isEqualTo(413);
        assertThat(reply.body()).contains("Request entity too large: limit is 3145728");
    }

    @Test
    void aChunkedBodyOverThreeMebibytesIsTooLarge() throws IOException {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 50; i++) {
            chunks.write(Integer.toHexString(chunk.length).getBytes(StandardCharsets.US_ASCII));
            chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            chunks.write(chunk);
            chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunks.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Reply reply = send("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: " + host() + "\r\n" + bearer()
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", chunks.toByteArray());
        assertThat(reply.code()).isEqualTo(413);
        assertThat(reply.body()).contains("Request entity too large: limit is 3145728");
    }

    @Test
    void aConfigMapOfFourMebibytesIsRefusedThroughTheClientLikeKubernetesDoes(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = new SimSandboxProvider().open(new SandboxOptions(Optional.empty(), Optional.empty(),
                Optional.empty(), dir, Map.of("podStartDelay", "0")), ProgressListener.NONE)) {
            KubernetesClient client = sandbox.kubernetes().orElseThrow().client();
            assertThat(client.namespaces().withName("default").get()).isNotNull();
            assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("huge").endMetadata().addToData("k", "x".repeat(4 * 1024 * 1024)).build()).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(413));
            assertThat(client.configMaps().inNamespace("default").withName("huge").get()).isNull();
        }
    }

    @Test
    void theKubeconfigCarriesTheTokenAndOnlyItsOwnerCanReadIt(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = new SimSandboxProvider().open(new SandboxOptions(Optional.empty(), Optional.empty(),
                Optional.empty(), dir, Map.of("podStartDelay", "0")), ProgressListener.NONE)) {
            SimSandbox sim = (SimSandbox) sandbox;
            Path kubeconfig = sandbox.kubernetes().orElseThrow().kubeconfig();
            assertThat(Files.readString(kubeconfig)).contains("token: \"" + sim.cluster().server().token() + "\"")
                    .contains("server: https://127.0.0.1:" + sim.cluster().port())
                    .contains("certificate-authority-data: " + sim.cluster().server().tls().certificateData());
            assertOwnerOnly(kubeconfig);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            }
        }
    }

    @Test
    void theSavedStateHoldingSecretsIsReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("sim-state.json");
        Files.writeString(state, "{}");
        Files.setPosixFilePermissions(state, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        cluster.save(state);
        assertOwnerOnly(state);
    }

    @Test
    void plainHttpIsNotAnswered() throws IOException {
        // credentials are only ever sent over TLS (kubectl and client-go drop them for http://)
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), cluster.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /api/v1/namespaces HTTP/1.1\r\nHost: " + host() + "\r\n" + bearer()
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String reply;
            try {
                reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException reset) {
                reply = "";
            }
            assertThat(reply).doesNotContain("kube-system").doesNotStartWith("HTTP/1.1 200");
        }
    }

    @Test
    void twoStartsHaveDifferentTokensAndCertificates() throws IOException {
        try (SimCluster other = SimCluster.start(SimSettings.instant(), Optional.empty())) {
            assertThat(other.server().token()).isNotEqualTo(cluster.server().token());
            assertThat(other.server().tls().certificatePem()).isNotEqualTo(cluster.server().tls().certificatePem());
        }
    }

    private static void assertOwnerOnly(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
}
