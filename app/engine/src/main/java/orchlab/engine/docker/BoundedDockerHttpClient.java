package orchlab.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The Docker transport with a size cap on every answer the lab reads (ADR 0009, budgets): inspect and list
 * results, error bodies, container logs, build and pull progress. Whatever answers at {@code DOCKER_HOST} — a real
 * engine, a proxy, or something else listening there — the lab stops reading past the cap and says which request
 * it was, instead of growing the heap until it fails. Time is bounded separately ({@link DockerClients}).
 */
final class BoundedDockerHttpClient implements DockerHttpClient {
    /** Inspect, list, logs, error bodies: a real engine answers these in kilobytes. */
    static final long RESPONSE_CAP = 16L * 1024 * 1024;
    /** The progress streams of a build or a pull, which grow with the build's own output. */
    static final long STREAM_CAP = 64L * 1024 * 1024;

    private final DockerHttpClient delegate;
    private final String host;

    BoundedDockerHttpClient(DockerHttpClient delegate, String host) {
        this.delegate = delegate;
        this.host = host;
    }

    /** The cap for one request: builds and pulls stream their progress, everything else is a bounded answer. */
    static long capFor(String path) {
        String p = path.replaceFirst("^/v[0-9.]+/", "/");
        return p.startsWith("/build") || p.startsWith("/images/create") ? STREAM_CAP : RESPONSE_CAP;
    }

    @Override
    public Response execute(Request request) {
        Response response = delegate.execute(request);
        long cap = capFor(request.path());
        String what = request.method() + " " + request.path().replaceFirst("\\?.*", "");
        return new Response() {
            private InputStream body;

            @Override
            public int getStatusCode() {
                return response.getStatusCode();
            }

            @Override
            public Map<String, List<String>> getHeaders() {
                return response.getHeaders();
            }

            @Override
            public synchronized InputStream getBody() {
                if (body == null) {
                    body = new Capped(response.getBody(), cap, what, host);
                }
                return body;
            }

            @Override
            public void close() {
                response.close();
            }
        };
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    /** What a reader sees when an answer passes its cap. */
    static final class TooLargeException extends IOException {
        TooLargeException(String what, long cap, String host) {
            super("the Docker engine's answer to " + what + " is larger than " + (cap >> 20) + " MiB, so the lab stopped reading it"
                    + " — is " + host + " a Docker engine?");
        }
    }

    /** Reads at most {@code cap} bytes; one byte more is a {@link TooLargeException}. */
    static final class Capped extends FilterInputStream {
        private final long cap;
        private final String what;
        private final String host;
        private long read;

        Capped(InputStream in, long cap, String what, String host) {
            super(in);
            this.cap = cap;
            this.what = what;
            this.host = host;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > cap) {
                throw new TooLargeException(what, cap, host);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (read >= cap) {
                if (super.read() < 0) {
                    return -1;
                }
                throw new TooLargeException(what, cap, host);
            }
            int n = super.read(b, off, (int) Math.min(len, cap - read));
            if (n > 0) {
                read += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, Math.max(0, cap - read)));
            read += skipped;
            return skipped;
        }
    }
}
