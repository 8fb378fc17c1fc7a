package orchlab.sim.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The wire formats behind kubectl exec/attach (WebSocket) and port-forward (SPDY/3.1), without a network. */
class StreamFramingTest {

    private static byte[] clientFrame(int opcode, byte[] payload) {
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(0x80 | payload.length);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    @Test
    void theAcceptKeyIsRfc6455s() {
        assertThat(WebSocket.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void maskedClientMessagesAreReadPingsAnsweredAndACloseEndsTheConnection() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(clientFrame(0x9, "hb".getBytes(StandardCharsets.UTF_8)));
        in.writeBytes(clientFrame(0x2, new byte[] {0, 'l', 's', '\n'}));
        in.writeBytes(clientFrame(0x8, new byte[] {0x03, (byte) 0xe8}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WebSocket ws = new WebSocket(new ByteArrayInputStream(in.toByteArray()), out);

        WebSocket.Message message = ws.read();
        assertThat(message.binary()).isTrue();
        assertThat(message.data()).containsExactly(0, 'l', 's', '\n');
        assertThat(ws.read()).isNull();
        // a pong with the ping's data, then the close answered with the same code; server frames are not masked
        assertThat(out.toByteArray()).containsExactly(0x8A, 2, 'h', 'b', 0x88, 2, 0x03, 0xe8);
    }

    @Test
    void aChannelMessageStartsWithItsChannelByte() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new WebSocket(java.io.InputStream.nullInputStream(), out).sendBinary(1, "hi".getBytes(StandardCharsets.UTF_8), 0, 2);
        assertThat(out.toByteArray()).containsExactly(0x82, 3, 1, 'h', 'i');
    }

    @Test
    void theSpdyDictionaryIsTheSpecs() {
        assertThat(Spdy.DICTIONARY).hasSize(1423);
        assertThat(new String(Spdy.DICTIONARY, 0, 11, StandardCharsets.US_ASCII)).isEqualTo("\0\0\0\u0007options");
        assertThat(new String(Spdy.DICTIONARY, StandardCharsets.US_ASCII)).endsWith("utf-,*,enq=0.");
    }

    @Test
    void aSpdyStreamIsAcceptedWithItsHeadersAndCarriesDataUntilFin() throws IOException {
        Deflater client = new Deflater();
        client.setDictionary(Spdy.DICTIONARY);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(synStream(client, 1, "streamtype", "data", "port", "80", "requestid", "0"));
        wire.writeBytes(dataFrame(1, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.UTF_8), true));
        wire.writeBytes(control(6, 0, ByteBuffer.allocate(4).putInt(7).array()));
        List<byte[]> sent = new ArrayList<>();
        List<Spdy.Stream> opened = new ArrayList<>();

        new Spdy(new ByteArrayInputStream(wire.toByteArray()), sent::add).serve(opened::add);

        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).headers).containsEntry("streamtype", "data").containsEntry("port", "80");
        assertThat(new String(opened.get(0).input().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("GET / HTTP/1.1\r\n\r\n");
        assertThat(sent).hasSize(2);
        ByteBuffer reply = ByteBuffer.wrap(sent.get(0));
        assertThat(reply.getShort() & 0xffff).isEqualTo(0x8003);
        assertThat(reply.getShort()).as("SYN_REPLY").isEqualTo((short) 2);
        reply.getInt();
        assertThat(reply.getInt()).as("stream id").isEqualTo(1);
        assertThat(sent.get(1)).as("the ping echoed").containsExactly(0x80, 3, 0, 6, 0, 0, 0, 4, 0, 0, 0, 7);
    }

    private static byte[] synStream(Deflater deflater, int id, String... headers) {
        ByteBuffer block = ByteBuffer.allocate(1024);
        block.putInt(headers.length / 2);
        for (String h : headers) {
            byte[] b = h.getBytes(StandardCharsets.UTF_8);
            block.putInt(b.length).put(b);
        }
        deflater.setInput(block.array(), 0, block.position());
        byte[] compressed = new byte[1024];
        int n = deflater.deflate(compressed, 0, compressed.length, Deflater.SYNC_FLUSH);
        ByteBuffer payload = ByteBuffer.allocate(10 + n);
        payload.putInt(id).putInt(0).putShort((short) 0).put(compressed, 0, n);
        return control(1, 0, payload.array());
    }

    private static byte[] control(int type, int flags, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putShort((short) 0x8003).putShort((short) type)
                .putInt(flags << 24 | payload.length).put(payload).array();
    }

    private static byte[] dataFrame(int id, byte[] data, boolean fin) {
        return ByteBuffer.allocate(8 + data.length).putInt(id).putInt((fin ? 1 : 0) << 24 | data.length).put(data).array();
    }
}
