package orchlab.sim.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's TLS listener. The JDK's {@code HttpServer} cannot hand a connection over after
 * {@code 101 Switching Protocols}, which {@code kubectl exec}/{@code attach}/{@code cp} need (WebSocket), so this
 * front terminates TLS itself, reads the first request's head and either serves a WebSocket upgrade of a Pod's
 * streaming subresource ({@link Upgrades}) or relays the connection byte for byte to the plain {@code HttpServer} on
 * a loopback port that serves everything else. The relay remembers, by its local port, whether TLS verified a client
 * certificate, so the {@link RequestGuard} still sees it ({@link #verifiedClientCertificate}).
 */
final class TlsFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TlsFront.class);
    private static final int MAX_HEAD = 64 * 1024;

    /** The first request on a connection: its line and headers (names in lower case). */
    record Head(String method, String target, Map<String, List<String>> headers, byte[] raw) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? "" : values.get(0);
        }

        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        String rawQuery() {
            int q = target.indexOf('?');
            return q < 0 ? null : target.substring(q + 1);
        }
    }

    /** Serves the requests this front keeps for itself. */
    interface Upgrades {
        boolean handles(Head head);

        void serve(Head head, boolean clientCertificateVerified, InputStream in, OutputStream out) throws IOException;
    }

    private final SSLServerSocket listener;
    private final SimTls tls;
    private final InetSocketAddress backend;
    private final Upgrades upgrades;
    private final ExecutorService executor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Boolean> verifiedByRelayPort = new ConcurrentHashMap<>();
    private volatile boolean closed;

    TlsFront(InetAddress address, int port, SimTls tls, InetSocketAddress backend, Upgrades upgrades, ExecutorService executor)
            throws IOException {
        this.tls = tls;
        this.backend = backend;
        this.upgrades = upgrades;
        this.executor = executor;
        this.listener = (SSLServerSocket) tls.serverContext().getServerSocketFactory().createServerSocket(port, 64, address);
        listener.setWantClientAuth(tls.clientAuthentication());
        Thread acceptor = new Thread(this::accept, "orchlab-sim-tls-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Whether the relayed connection arriving at the backend from {@code relayPort} presented a verified certificate. */
    boolean verifiedClientCertificate(int relayPort) {
        return verifiedByRelayPort.getOrDefault(relayPort, false);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                executor.execute(() -> connection((SSLSocket) socket));
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("accepting a connection failed: {}", e.getMessage());
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    private void connection(SSLSocket client) {
        try (client) {
            client.setTcpNoDelay(true);
            client.setSoTimeout(60_000);
            client.startHandshake();
            boolean verified = false;
            if (tls.clientAuthentication()) {
                try {
                    verified = client.getSession().getPeerCertificates().length > 0;
                } catch (SSLPeerUnverifiedException e) {
                    verified = false;
                }
            }
            BufferedInputStream in = new BufferedInputStream(client.getInputStream(), 16 * 1024);
            OutputStream out = client.getOutputStream();
            Head head = head(in);
            if (head == null) {
                return;
            }
            client.setSoTimeout(0);
            if (upgrades.handles(head)) {
                upgrades.serve(head, verified, in, out);
                return;
            }
            relay(head, verified, in, out, client);
        } catch (IOException e) {
            LOG.debug("client connection ended: {}", e.getMessage());
        } finally {
            open.remove(client);
        }
    }

    /**
     * Relays the connection to the backend: this thread copies the backend's answers to the client; another copies
     * the client's requests to the backend and half-closes it at the client's end of input. When the backend closes
     * (after the answer to a {@code Connection: close}, or the client's end), both sockets close.
     */
    private void relay(Head head, boolean verified, InputStream in, OutputStream out, SSLSocket client) throws IOException {
        try (Socket server = new Socket()) {
            open.add(server);
            server.setTcpNoDelay(true);
            server.connect(backend);
            int relayPort = server.getLocalPort();
            verifiedByRelayPort.put(relayPort, verified);
            try {
                OutputStream toServer = server.getOutputStream();
                toServer.write(head.raw());
                toServer.flush();
                executor.execute(() -> {
                    byte[] buffer = new byte[16 * 1024];
                    int n;
                    try {
                        while ((n = in.read(buffer)) >= 0) {
                            toServer.write(buffer, 0, n);
                            toServer.flush();
                        }
                        server.shutdownOutput();
                    } catch (IOException e) {
                        // the client or the backend closed the connection
                    }
                });
                server.getInputStream().transferTo(out);
            } catch (SocketException e) {
                // the client went away
            } finally {
                verifiedByRelayPort.remove(relayPort);
                open.remove(server);
            }
        }
    }

    /** Reads a request head; null when the client closed the connection before sending one. */
    static Head head(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            raw.write(b);
            if (raw.size() > MAX_HEAD) {
                throw new IOException("request head larger than 64 KiB");
            }
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1
                    : b == '\r' ? 1 : 0;
        }
        String text = raw.toString(StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String[] request = lines[0].split(" ");
        if (request.length < 3) {
            throw new IOException("malformed request line");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        return new Head(request[0], request[1], headers, raw.toByteArray());
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
