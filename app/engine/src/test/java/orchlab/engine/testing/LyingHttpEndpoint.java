package orchlab.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A misbehaving HTTP/1.1 server on 127.0.0.1 for one test: it answers every request with {@code 200} headers and then
 * either stalls (promises a body it never finishes) or sends a body that never ends. Counts the body bytes it managed
 * to hand over, so a test can tell the client stopped reading.
 */
public final class LyingHttpEndpoint implements AutoCloseable {
    public enum Behaviour { STALLS_AFTER_HEADERS, ENDLESS_BODY }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final String bodyStart;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicLong sent = new AtomicLong();

    private LyingHttpEndpoint(Behaviour behaviour, String bodyStart) throws IOException {
        this.behaviour = behaviour;
        this.bodyStart = bodyStart;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "lying-http-" + behaviour);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @param bodyStart the first bytes of the body (e.g. what a {@code bodyContains} looks for) */
    public static LyingHttpEndpoint start(Behaviour behaviour, String bodyStart) throws IOException {
        return new LyingHttpEndpoint(behaviour, bodyStart);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Body bytes written to the socket so far (some may still sit in kernel buffers). */
    public long bodyBytesSent() {
        return sent.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread t = new Thread(() -> answer(socket), "lying-http-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            // read the request head (up to the blank line)
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
            OutputStream out = socket.getOutputStream();
            byte[] start = bodyStart.getBytes(StandardCharsets.UTF_8);
            if (behaviour == Behaviour.STALLS_AFTER_HEADERS) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + (start.length + 1_000_000)
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(start);
                out.flush();
                sent.addAndGet(start.length);
                closed.await(); // the rest of the promised body never comes
                return;
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(start);
            byte[] filler = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            while (!server.isClosed()) {
                out.write(filler);
                sent.addAndGet(filler.length);
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up: what a capped reader does
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
