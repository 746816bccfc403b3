package dev.proverstaking.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The constants of the snapshot container (format version 2; the layout is in
 * {@code package-info.java}) and its section names.
 */
public final class SnapshotFormat {
    /** The first bytes of every snapshot. */
    public static final String MAGIC = "PSNAP";
    /** The format version written and read. */
    public static final int VERSION = 2;
    /**
     * The longest frame body a reader accepts and a writer makes. A reader holds one frame at a
     * time, so this bounds its memory; the writer fills frames to it, so a large section costs one
     * length, two checksums and a few system calls per MiB.
     */
    public static final int MAX_FRAME_LENGTH = 1 << 20;
    /** The longest section name. */
    public static final int MAX_NAME_LENGTH = 32;
    /** Header flag: a reader that does not know the section must refuse the snapshot. */
    public static final int FLAG_REQUIRED = 1;

    /** Magic and version. */
    static final int PREAMBLE_LENGTH = 9;
    /** A frame's length (4 bytes) and the CRC32C of those 4 bytes. */
    static final int FRAME_PREFIX = 8;
    /** A frame's trailing CRC32C of its body. */
    static final int FRAME_SUFFIX = 4;

    static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);

    private SnapshotFormat() {}

    /**
     * Whether {@code name} can name a section: 1 to {@value #MAX_NAME_LENGTH} characters, a lowercase
     * ASCII letter first, then lowercase letters, digits, '.', '_' or '-'.
     */
    public static boolean isValidName(String name) {
        int n = name.length();
        if (n == 0 || n > MAX_NAME_LENGTH) return false;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-');
            if (!ok) return false;
        }
        return true;
    }

    /** The CRC32C of {@code b[from, from + length)}. */
    static int crc32c(byte[] b, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b, from, length);
        return (int) crc.getValue();
    }
}
