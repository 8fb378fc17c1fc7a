package orchlab.engine.check.toolkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP answer as a check needs it: the status and at most the first {@link #MAX_BODY_BYTES} of the body, read
 * within one deadline for the whole exchange (headers <em>and</em> body). An endpoint that sends gigabytes costs
 * {@link #MAX_BODY_BYTES}; one that sends its headers and then stalls ends at the deadline with
 * {@link BodyStalledException} (the JDK's request timeout stops at the headers, fabric8's never covers the body).
 *
 * @param status    the HTTP status
 * @param body      the body's first bytes (at most {@link #MAX_BODY_BYTES}) as UTF-8
 * @param truncated whether the body went on past {@link #MAX_BODY_BYTES} (the rest was not read)
 */
public record HttpAnswer(int status, String body, boolean truncated) {
    /** How much of a body a check reads: {@code bodyContains} looks at this prefix. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** The headers came, the body did not finish within the deadline. */
    public static final class BodyStalledException extends IOException {
        private final int status;
        private final Duration deadline;

        BodyStalledException(int status, Duration deadline) {
            super("answered " + status + " but the body did not finish within " + seconds(deadline)
                    + " — the server sent its headers and then stalled");
            this.status = status;
            this.deadline = deadline;
        }

        public int status() {
            return status;
        }

        public Duration deadline() {
            return deadline;
        }
    }

    /** A GET with the JDK's client (Docker's published ports). Timeouts before the headers are {@link HttpTimeoutException}. */
    public static HttpAnswer get(HttpClient client, HttpRequest request, Duration deadline) throws IOException, InterruptedException {
        AtomicInteger status = new AtomicInteger(-1);
        AtomicReference<Prefix> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<Prefix.Read>> exchange = client.sendAsync(request, info -> {
            status.set(info.statusCode());
            Prefix prefix = new Prefix();
            body.set(prefix);
            return prefix;
        });
        try {
            HttpResponse<Prefix.Read> response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new HttpAnswer(response.statusCode(), response.body().text(), response.body().truncated());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            if (body.get() != null) {
                body.get().cancel();
            }
            if (status.get() >= 0) {
                throw new BodyStalledException(status.get(), deadline);
            }
            throw new HttpTimeoutException("no answer within " + seconds(deadline));
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        }
    }

    /** A request with fabric8's client (the API server's service proxy): the same limits, fabric8's flow control. */
    public static HttpAnswer send(io.fabric8.kubernetes.client.http.HttpClient client,
                                  io.fabric8.kubernetes.client.http.HttpRequest request, Duration deadline)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<Boolean> finished = new CompletableFuture<>(); // true: cut at the cap
        CompletableFuture<io.fabric8.kubernetes.client.http.HttpResponse<io.fabric8.kubernetes.client.http.AsyncBody>> exchange =
                client.consumeBytes(request, (buffers, asyncBody) -> {
                    boolean full = false;
                    synchronized (bytes) {
                        for (ByteBuffer buffer : buffers) {
                            full = append(bytes, buffer);
                            if (full) {
                                break;
                            }
                        }
                    }
                    if (full) {
                        finished.complete(true);
                        asyncBody.cancel();
                    } else {
                        asyncBody.consume();
                    }
                });
        io.fabric8.kubernetes.client.http.HttpResponse<io.fabric8.kubernetes.client.http.AsyncBody> response;
        try {
            response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no answer within " + seconds(deadline));
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        }
        io.fabric8.kubernetes.client.http.AsyncBody body = response.body();
        body.done().whenComplete((ignored, error) -> {
            if (error != null && !finished.isDone()) {
                finished.completeExceptionally(error);
            } else {
                finished.complete(false);
            }
        });
        body.consume();
        boolean truncated;
        try {
            truncated = finished.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            body.cancel();
            throw new BodyStalledException(response.code(), deadline);
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        }
        synchronized (bytes) {
            return new HttpAnswer(response.code(), bytes.toString(StandardCharsets.UTF_8), truncated);
        }
    }

    /** Appends what fits under the cap; true when the cap is reached. */
    private static boolean append(ByteArrayOutputStream out, ByteBuffer buffer) {
        int room = MAX_BODY_BYTES - out.size();
        int n = Math.min(room, buffer.remaining());
        byte[] chunk = new byte[n];
        buffer.get(chunk);
        out.write(chunk, 0, n);
        return out.size() >= MAX_BODY_BYTES;
    }

    private static IOException asIoException(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException(cause == null ? "the request failed" : cause.getMessage(), cause);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The JDK body subscriber that keeps the first {@link #MAX_BODY_BYTES} and then cancels the rest. */
    private static final class Prefix implements HttpResponse.BodySubscriber<Prefix.Read> {
        record Read(String text, boolean truncated) {
        }

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Read> result = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;

        @Override
        public CompletionStage<Read> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                if (append(bytes, item)) {
                    subscription.cancel();
                    result.complete(new Read(bytes.toString(StandardCharsets.UTF_8), true));
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(new Read(bytes.toString(StandardCharsets.UTF_8), false));
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
