package orchlab.engine.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoints that are not a working Kubernetes API, served by plain sockets on 127.0.0.1: each ends in one
 * sentence naming the problem, never a hang, a growing heap or "An error has occurred.".
 */
class BadEndpointTest {

    @TempDir
    Path home;
    private final List<ServerSocket> servers = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);

    @AfterEach
    void closeServers() throws IOException {
        stop.countDown();
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    /** Serves every connection with {@code behaviour} on its own thread; returns the port. */
    private int serve(Consumer<Socket> behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread t = new Thread(() -> {
                        try (socket) {
                            behaviour.accept(socket);
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
        return server.getLocalPort();
    }

    private void hold() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readHead(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int c = in.read(); c >= 0; c = in.read()) {
                matched = c == end[matched] ? matched + 1 : (c == end[0] ? 1 : 0);
                if (matched == end.length) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // nothing to read
        }
    }

    private static void write(Socket socket, String text) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private Path kubeconfig(String server, String clusterExtra, String user) throws IOException {
        Path file = home.resolve("kubeconfig-" + servers.size() + "-" + Math.abs(server.hashCode()));
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: "%s"
                %s
                contexts:
                - name: c
                  context: {cluster: c, user: u}
                users:
                - name: u
                  user:
                %s
                current-context: c
                """.formatted(server, clusterExtra.indent(4).stripTrailing(), user.indent(4).stripTrailing()));
        return file;
    }

    private String open(Path kubeconfig) {
        SandboxOptions options = SandboxOptions.defaults(home.resolve("state")).withKubeconfig(kubeconfig, "c");
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> new KubeconfigSandboxProvider().open(options, ProgressListener.NONE).close());
        assertThat(thrown).isInstanceOf(SandboxException.class);
        String message = thrown.getMessage();
        assertThat(message).doesNotContain("An error has occurred").doesNotContain("Exception:").hasLineCount(1);
        return message;
    }

    @Test
    void aPortThatAcceptsButNeverAnswersIsStalled() throws Exception {
        int port = serve(socket -> hold());
        assertThat(open(kubeconfig("http://127.0.0.1:" + port, "", "token: t"))).contains("stalled");
    }

    @Test
    void headersFollowedBySilenceAreStalled() throws Exception {
        int port = serve(socket -> {
            readHead(socket);
            write(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"major\":");
            hold();
        });
        assertThat(open(kubeconfig("http://127.0.0.1:" + port, "", "token: t"))).contains("stalled").contains("headers");
    }

    @Test
    void anEndlessAnswerIsCutOffAsNotKubernetes() throws Exception {
        int port = serve(socket -> {
            readHead(socket);
            write(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = Integer.toHexString(8192) + "\r\n" + "x".repeat(8192) + "\r\n";
            try {
                OutputStream out = socket.getOutputStream();
                byte[] bytes = chunk.getBytes(StandardCharsets.US_ASCII);
                while (true) {
                    out.write(bytes);
                }
            } catch (IOException stopped) {
                // the client hung up: that is the point
            }
        });
        assertThat(open(kubeconfig("http://127.0.0.1:" + port, "", "token: t")))
                .contains("is not Kubernetes").contains("longer than");
    }

    @Test
    void aGarbageReplyIsNotKubernetes() throws Exception {
        int port = serve(socket -> {
            readHead(socket);
            write(socket, "SSH-2.0-OpenSSH_9.2\r\n\u0000\u0001garbage\r\n\r\n");
        });
        assertThat(open(kubeconfig("http://127.0.0.1:" + port, "", "token: t"))).contains("is not Kubernetes");
    }

    @Test
    void anHtmlPageIsNotKubernetes() throws Exception {
        int port = serve(socket -> {
            readHead(socket);
            write(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\nConnection: close\r\n\r\n<html></html>");
        });
        assertThat(open(kubeconfig("http://127.0.0.1:" + port, "", "token: t"))).contains("is not Kubernetes")
                .contains("not JSON");
    }

    @Test
    void unauthorizedIsCredentialsRefused() throws Exception {
        int port = serve(socket -> {
            readHead(socket);
            String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}";
            write(socket, "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body);
        });
        assertThat(open(kubeconfig("http://127.0.0.1:" + port, "", "token: wrong"))).contains("refused the credentials")
                .contains("401");
    }

    @Test
    void tlsSpokenToPlainHttpIsATlsMismatch() throws Exception {
        int port = serve(socket -> {
            try {
                socket.getInputStream().read(new byte[4096]); // a TLS ClientHello, which a plain HTTP server cannot parse
            } catch (IOException ignored) {
                return;
            }
            write(socket, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        });
        assertThat(open(kubeconfig("https://127.0.0.1:" + port, "insecure-skip-tls-verify: true", "token: t")))
                .contains("TLS mismatch");
    }

    @Test
    void aClosedPortSaysNothingListens() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertThat(open(kubeconfig("http://127.0.0.1:" + port, "", "token: t"))).contains("nothing listens there");
    }

    @Test
    void aMissingCaFileIsNamed() throws Exception {
        Path missing = home.resolve("no-such-ca.crt");
        assertThat(open(kubeconfig("https://127.0.0.1:1", "certificate-authority: " + missing, "token: t")))
                .contains("certificate file missing: " + missing).contains("in kubeconfig " + home);
    }

    @Test
    void aMissingClientKeyFileIsNamed() throws Exception {
        Path cert = Files.writeString(home.resolve("client.crt"), "x");
        Path key = home.resolve("client.key");
        assertThat(open(kubeconfig("https://127.0.0.1:1", "insecure-skip-tls-verify: true",
                "client-certificate: " + cert + "\nclient-key: " + key)))
                .contains("certificate file missing: " + key);
    }

    @Test
    void aClientCertificateThatIsNotACertificateIsNamedNotAGenericError() throws Exception {
        String junk = java.util.Base64.getEncoder().encodeToString("not a certificate".getBytes(StandardCharsets.US_ASCII));
        String message = open(kubeconfig("https://127.0.0.1:1", "insecure-skip-tls-verify: true",
                "client-certificate-data: " + junk + "\nclient-key-data: " + junk));
        assertThat(message).containsAnyOf("certificate or key", "cannot be used");
    }
}
