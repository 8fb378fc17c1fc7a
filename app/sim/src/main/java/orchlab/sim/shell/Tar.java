package orchlab.sim.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The POSIX ustar archive format, as far as {@code kubectl cp} needs it (it runs {@code tar cf -} and
 * {@code tar xf -} in the container): regular files and folders, long names through PAX {@code path} records
 * (what Go's {@code archive/tar} writes) and the ustar {@code prefix} field.
 */
final class Tar {

    record Item(String name, boolean folder, byte[] content) {
    }

    private static final int BLOCK = 512;

    private Tar() {
    }

    static List<Item> read(InputStream in) throws IOException {
        List<Item> items = new ArrayList<>();
        String paxPath = null;
        while (true) {
            byte[] header = in.readNBytes(BLOCK);
            if (header.length < BLOCK || isZero(header)) {
                return items;
            }
            String name = text(header, 0, 100);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            String prefix = new String(header, 257, 6, StandardCharsets.US_ASCII).startsWith("ustar") ? text(header, 345, 155) : "";
            if (size < 0 || size > 64L * 1024 * 1024) {
                throw new IOException("tar: entry too large for the simulated container (64 MiB at most)");
            }
            byte[] content = in.readNBytes((int) size);
            if (content.length < size) {
                throw new IOException("tar: unexpected end of file");
            }
            in.readNBytes((int) ((BLOCK - size % BLOCK) % BLOCK));
            if (type == 'x') {
                paxPath = paxPath(new String(content, StandardCharsets.UTF_8));
                continue;
            }
            if (type == 'g' || type == 'L' || type == 'K') {
                if (type == 'L') {
                    paxPath = new String(content, StandardCharsets.UTF_8).replace("\0", "");
                }
                continue;
            }
            String full = paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name;
            paxPath = null;
            if (type == '5') {
                items.add(new Item(full, true, null));
            } else if (type == '0' || type == '\0' || type == '7') {
                items.add(new Item(full, false, content));
            }
            // links, devices and FIFOs are not kept
        }
    }

    private static String paxPath(String records) {
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    static void write(List<Item> items, OutputStream out) throws IOException {
        for (Item item : items) {
            byte[] name = (item.folder() && !item.name().endsWith("/") ? item.name() + "/" : item.name()).getBytes(StandardCharsets.UTF_8);
            if (name.length > 100) {
                byte[] record = pax("path", new String(name, StandardCharsets.UTF_8));
                out.write(header("././@PaxHeader".getBytes(StandardCharsets.US_ASCII), 'x', record.length));
                out.write(record);
                out.write(new byte[(BLOCK - record.length % BLOCK) % BLOCK]);
                byte[] cut = new byte[100];
                System.arraycopy(name, 0, cut, 0, 100);
                name = cut;
            }
            long size = item.folder() ? 0 : item.content().length;
            out.write(header(name, item.folder() ? '5' : '0', size));
            if (!item.folder()) {
                out.write(item.content());
                out.write(new byte[(int) ((BLOCK - size % BLOCK) % BLOCK)]);
            }
        }
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private static byte[] pax(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        int total = length + String.valueOf(length).length();
        if (String.valueOf(total).length() != String.valueOf(length).length()) {
            total++;
        }
        return (total + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] header(byte[] name, char type, long size) {
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
        octal(h, 100, 8, type == '5' ? 0755 : 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, System.currentTimeMillis() / 1000);
        h[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 265, 4);
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 297, 4);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String checksum = String.format("%06o", sum);
        System.arraycopy(checksum.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void octal(byte[] h, int at, int width, long value) {
        String digits = String.format("%0" + (width - 1) + "o", value);
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, h, at, width - 1);
        h[at + width - 1] = 0;
    }

    private static long octal(byte[] h, int at, int width) {
        if ((h[at] & 0x80) != 0) {
            long value = 0; // GNU base-256
            for (int i = at + 1; i < at + width; i++) {
                value = value << 8 | (h[i] & 0xff);
            }
            return value;
        }
        String s = text(h, at, width).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    private static String text(byte[] h, int at, int width) {
        int end = at;
        while (end < at + width && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    static byte[] archive(List<Item> items) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(items, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
