package orchlab.sim.api;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The server side of one WebSocket connection (RFC 6455) after the HTTP upgrade: reads the client's masked frames
 * (answering pings, joining fragments) and writes unmasked binary and close frames. Writes are serialised; one
 * thread reads.
 */
final class WebSocket {

    /** A data message (text or binary). */
    record Message(boolean binary, byte[] data) {
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private boolean closeSent;

    WebSocket(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** The {@code Sec-WebSocket-Accept} value for a client's {@code Sec-WebSocket-Key}. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next data message; {@code null} when the client closed the connection (its close frame is answered). */
    Message read() throws IOException {
        ByteArrayOutputStream fragments = null;
        boolean binary = true;
        while (true) {
            int b0 = readByte();
            int b1 = readByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            boolean masked = (b1 & 0x80) != 0;
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            if (length > MAX_MESSAGE) {
                close(1009);
                throw new IOException("WebSocket message too large");
            }
            byte[] mask = masked ? in.readNBytes(4) : null;
            byte[] payload = in.readNBytes((int) length);
            if (payload.length < length || masked && mask.length < 4) {
                throw new EOFException("WebSocket connection ended inside a frame");
            }
            if (masked) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
            }
            switch (opcode) {
                case 0x8 -> {
                    close(payload.length >= 2 ? ((payload[0] & 0xff) << 8 | payload[1] & 0xff) : 1000);
                    return null;
                }
                case 0x9 -> frame(0xA, payload);
                case 0xA -> {
                    // pong: nothing to do
                }
                case 0x0, 0x1, 0x2 -> {
                    if (opcode != 0) {
                        binary = opcode == 0x2;
                    }
                    if (fin && fragments == null) {
                        return new Message(binary, payload);
                    }
                    if (fragments == null) {
                        fragments = new ByteArrayOutputStream();
                    }
                    fragments.writeBytes(payload);
                    if (fragments.size() > MAX_MESSAGE) {
                        close(1009);
                        throw new IOException("WebSocket message too large");
                    }
                    if (fin) {
                        return new Message(binary, fragments.toByteArray());
                    }
                }
                default -> {
                    close(1002);
                    throw new IOException("unknown WebSocket opcode " + opcode);
                }
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("WebSocket connection closed");
        }
        return b;
    }

    /** One binary message: the channel byte, then the data (the Kubernetes channel protocols). */
    void sendBinary(int channel, byte[] data, int offset, int length) throws IOException {
        byte[] payload = new byte[length + 1];
        payload[0] = (byte) channel;
        System.arraycopy(data, offset, payload, 1, length);
        frame(0x2, payload);
    }

    /** A binary message as it is (SPDY tunnelled in WebSocket). */
    void sendBinary(byte[] data) throws IOException {
        frame(0x2, data);
    }

    /** Sends a close frame once. */
    synchronized void close(int code) throws IOException {
        if (closeSent) {
            return;
        }
        closeSent = true;
        frame(0x8, new byte[] {(byte) (code >> 8), (byte) code});
    }

    private synchronized void frame(int opcode, byte[] payload) throws IOException {
        if (closeSent && opcode != 0x8) {
            throw new IOException("WebSocket already closed");
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65536) {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >> (8 * i)));
            }
        }
        frame.writeBytes(payload);
        out.write(frame.toByteArray());
        out.flush();
    }
}
