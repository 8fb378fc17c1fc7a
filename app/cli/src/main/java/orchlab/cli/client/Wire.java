package orchlab.cli.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resident lab's wire format over its Unix domain socket: frames of {@code [type: 1 byte][length: 4 bytes,
 * big-endian][payload]}. The client sends one {@link #REQUEST}; the daemon answers {@link #ACCEPTED} (or
 * {@link #BUSY}, {@link #REFUSED}), then {@link #OUT}/{@link #ERR} bytes as the command writes them,
 * {@link #HEARTBEAT} every second while it runs, and {@link #EXIT} with the exit code. Closing the connection cancels
 * the request. JDK classes only: the thin client loads this class.
 */
public final class Wire {
    /** Bumped when a frame or the request changes: a daemon of another version refuses the request. */
    public static final int VERSION = 1;

    public static final byte REQUEST = 1;
    public static final byte ACCEPTED = 2;
    public static final byte BUSY = 3;
    public static final byte REFUSED = 4;
    public static final byte OUT = 5;
    public static final byte ERR = 6;
    public static final byte HEARTBEAT = 7;
    public static final byte EXIT = 8;
    /** A message for people (status), UTF-8. */
    public static final byte TEXT = 9;

    /** Larger frames are garbage: the daemon writes at most {@link #CHUNK} bytes of output per frame. */
    public static final int MAX_FRAME = 4 << 20;
    public static final int CHUNK = 64 << 10;

    private Wire() {
    }

    /** One frame as read. */
    public record Frame(byte type, byte[] payload) {
        public int exitCode() {
            return ByteBuffer.wrap(payload).getInt();
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** What the client asks: {@code run} a command, {@code status} or {@code stop}. */
    public record Request(String verb, String key, String cwd, boolean terminal, List<String> args, Map<String, String> env) {
        public byte[] encode() {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeInt(VERSION);
                string(out, verb);
                string(out, key);
                string(out, cwd);
                out.writeBoolean(terminal);
                out.writeInt(args.size());
                for (String a : args) {
                    string(out, a);
                }
                out.writeInt(env.size());
                for (Map.Entry<String, String> e : env.entrySet()) {
                    string(out, e.getKey());
                    string(out, e.getValue());
                }
                out.flush();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The request, or an exception naming what is wrong (another version, a truncated payload). */
        public static Request decode(byte[] payload) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("wire version " + version + ", this lab speaks " + VERSION);
            }
            String verb = string(in);
            String key = string(in);
            String cwd = string(in);
            boolean terminal = in.readBoolean();
            int n = count(in);
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                args.add(string(in));
            }
            int m = count(in);
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                env.put(string(in), string(in));
            }
            return new Request(verb, key, cwd, terminal, List.copyOf(args), env);
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("bad count " + n);
        }
        return n;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FRAME) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    public static void write(WritableByteChannel channel, byte type, byte[] payload, int offset, int length) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5).put(type).putInt(length).flip();
        ByteBuffer body = ByteBuffer.wrap(payload, offset, length);
        while (header.hasRemaining()) {
            channel.write(header);
        }
        while (body.hasRemaining()) {
            channel.write(body);
        }
    }

    public static void write(WritableByteChannel channel, byte type, byte[] payload) throws IOException {
        write(channel, type, payload, 0, payload.length);
    }

    public static byte[] exitPayload(int code) {
        return ByteBuffer.allocate(4).putInt(code).array();
    }

    /** The next frame; {@link EOFException} at the end of the stream, {@link IOException} for a frame that is not one. */
    public static Frame read(ReadableByteChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5);
        readFully(channel, header);
        header.flip();
        byte type = header.get();
        int length = header.getInt();
        if (type < REQUEST || type > TEXT || length < 0 || length > MAX_FRAME
                || type == EXIT && length != 4) {
            throw new IOException("not a lab frame (type " + type + ", length " + length + ")");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(channel, body);
        return new Frame(type, body.array());
    }

    private static void readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the connection ended");
            }
        }
    }
}
