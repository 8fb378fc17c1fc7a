package orchlab.sim.api;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The server side of a SPDY/3.1 connection (draft-mbelshe-httpbis-spdy-00, "SPDY Protocol - Draft 3.1") as far as
 * Kubernetes' {@code portforward.k8s.io} protocol uses it: the client opens streams with SYN_STREAM (headers
 * {@code streamtype}, {@code port}, {@code requestid}), the server accepts each with SYN_REPLY, data flows in DATA
 * frames, FIN half-closes a stream, PINGs are echoed. Header blocks are zlib streams with SPDY's preset dictionary,
 * one per direction for the whole connection. Flow control (WINDOW_UPDATE) is not needed by the Go client and is
 * ignored.
 */
final class Spdy {

    /** How frames leave: one call per frame, serialised by the connection. */
    @FunctionalInterface
    interface FrameSink {
        void send(byte[] frame) throws IOException;
    }

    /** A stream the client opened: its headers and what it sends. */
    static final class Stream {
        final int id;
        final Map<String, String> headers;
        private final Spdy connection;
        private final LinkedBlockingQueue<byte[]> incoming = new LinkedBlockingQueue<>();
        private volatile boolean finSent;

        Stream(int id, Map<String, String> headers, Spdy connection) {
            this.id = id;
            this.headers = headers;
            this.connection = connection;
        }

        /** What the client sends on this stream, ending at its FIN (or the connection's end). */
        InputStream input() {
            return new ChunkInput() {
                @Override
                protected byte[] next() throws IOException {
                    return take(incoming, END, "the stream was interrupted");
                }
            };
        }

        void write(byte[] data) throws IOException {
            for (int at = 0; at < data.length; at += 64 * 1024) {
                connection.data(id, data, at, Math.min(64 * 1024, data.length - at), false);
            }
        }

        /** Half-closes the stream from the server's side (an empty DATA frame with FIN). */
        void finish() throws IOException {
            if (!finSent) {
                finSent = true;
                connection.data(id, new byte[0], 0, 0, true);
            }
        }

        private void received(byte[] data, boolean fin) {
            if (data.length > 0) {
                incoming.add(data);
            }
            if (fin) {
                incoming.add(END);
            }
        }
    }

    private static final byte[] END = new byte[0];
    private static final int SYN_STREAM = 1;
    private static final int SYN_REPLY = 2;
    private static final int RST_STREAM = 3;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int FLAG_FIN = 1;

    private final DataInputStream in;
    private final FrameSink out;
    private final Inflater inflater = new Inflater();
    private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();

    Spdy(InputStream in, FrameSink out) {
        this.in = new DataInputStream(in);
        this.out = out;
        deflater.setDictionary(DICTIONARY);
    }

    /** Reads frames until the connection ends; each new stream is accepted and handed to {@code opened}. */
    void serve(java.util.function.Consumer<Stream> opened) throws IOException {
        try {
            while (true) {
                int first;
                try {
                    first = in.readInt();
                } catch (EOFException e) {
                    return;
                }
                int flagsAndLength = in.readInt();
                int flags = flagsAndLength >>> 24;
                int length = flagsAndLength & 0xffffff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                if (first < 0) {
                    int type = first & 0xffff;
                    ByteBuffer p = ByteBuffer.wrap(payload);
                    switch (type) {
                        case SYN_STREAM -> {
                            int id = p.getInt() & 0x7fffffff;
                            p.getInt(); // associated stream
                            p.getShort(); // priority, slot
                            byte[] block = new byte[p.remaining()];
                            p.get(block);
                            Stream stream = new Stream(id, headers(block), this);
                            streams.put(id, stream);
                            reply(id);
                            if ((flags & FLAG_FIN) != 0) {
                                stream.received(new byte[0], true);
                            }
                            opened.accept(stream);
                        }
                        case RST_STREAM -> {
                            Stream stream = streams.remove(p.getInt() & 0x7fffffff);
                            if (stream != null) {
                                stream.received(new byte[0], true);
                            }
                        }
                        case PING -> control(PING, 0, payload);
                        case GOAWAY -> {
                            return;
                        }
                        default -> {
                            // SETTINGS, WINDOW_UPDATE, HEADERS, NOOP: nothing this server needs
                        }
                    }
                } else {
                    Stream stream = streams.get(first & 0x7fffffff);
                    if (stream != null) {
                        stream.received(payload, (flags & FLAG_FIN) != 0);
                    }
                }
            }
        } finally {
            streams.values().forEach(s -> s.received(new byte[0], true));
            inflater.end();
        }
    }

    private Map<String, String> headers(byte[] block) throws IOException {
        inflater.setInput(block);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (true) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsDictionary()) {
                    inflater.setDictionary(DICTIONARY);
                    continue;
                }
                if (n == 0) {
                    break;
                }
                plain.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("SPDY header block is not valid zlib data: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(plain.toByteArray());
        Map<String, String> headers = new LinkedHashMap<>();
        int pairs = b.getInt();
        for (int i = 0; i < pairs; i++) {
            byte[] name = new byte[b.getInt()];
            b.get(name);
            byte[] value = new byte[b.getInt()];
            b.get(value);
            headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** SYN_REPLY with no headers, as Kubernetes' SPDY server accepts a stream. */
    private void reply(int id) throws IOException {
        byte[] block;
        synchronized (deflater) {
            deflater.setInput(new byte[4]); // zero header pairs
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            byte[] buffer = new byte[256];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                compressed.write(buffer, 0, n);
            } while (n == buffer.length);
            block = compressed.toByteArray();
        }
        ByteBuffer payload = ByteBuffer.allocate(4 + block.length);
        payload.putInt(id);
        payload.put(block);
        control(SYN_REPLY, 0, payload.array());
    }

    private void control(int type, int flags, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
        frame.putShort((short) 0x8003);
        frame.putShort((short) type);
        frame.putInt(flags << 24 | payload.length);
        frame.put(payload);
        send(frame.array());
    }

    private void data(int id, byte[] data, int offset, int length, boolean fin) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(8 + length);
        frame.putInt(id & 0x7fffffff);
        frame.putInt((fin ? FLAG_FIN : 0) << 24 | length);
        frame.put(data, offset, length);
        send(frame.array());
    }

    private synchronized void send(byte[] frame) throws IOException {
        out.send(frame);
    }

    /**
     * The preset dictionary of SPDY/3 header compression (draft 3, section 2.6.10.1): the listed words, each after
     * its length as four bytes, then the listed text. 1,423 bytes.
     */
    static final byte[] DICTIONARY = dictionary();

    private static byte[] dictionary() {
        String[] words = {"options", "head", "post", "put", "delete", "trace", "accept", "accept-charset",
                "accept-encoding", "accept-language", "accept-ranges", "age", "allow", "authorization", "cache-control",
                "connection", "content-base", "content-encoding", "content-language", "content-length",
                "content-location", "content-md5", "content-range", "content-type", "date", "etag", "expect", "expires",
                "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since",
                "last-modified", "location", "max-forwards", "pragma", "proxy-authenticate", "proxy-authorization",
                "range", "referer", "retry-after", "server", "te", "trailer", "transfer-encoding", "upgrade",
                "user-agent", "vary", "via", "warning", "www-authenticate", "method", "get", "status", "200 OK",
                "version", "HTTP/1.1", "url", "public", "set-cookie", "keep-alive", "origin"};
        String tail = "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
                + "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
                + "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable"
                + "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
                + "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,"
                + "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String w : words) {
            byte[] b = w.getBytes(StandardCharsets.US_ASCII);
            bytes.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            bytes.writeBytes(b);
        }
        bytes.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return bytes.toByteArray();
    }
}
