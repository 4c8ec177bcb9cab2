package dev.gatehouse.files;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Brotli and gzip encoders for whole, already-read byte arrays (on-the-fly responses are built once
 * per file version and cached, so streaming encoders would buy nothing). Brotli needs brotli4j's
 * native library; where it cannot load, Brotli is simply not offered.
 */
public final class Compression {

    public static final String BR = "br";
    public static final String GZIP = "gzip";
    public static final String ZSTD = "zstd";

    private static final boolean BROTLI = loadBrotli();

    private Compression() {
    }

    private static boolean loadBrotli() {
        try {
            Brotli4jLoader.ensureAvailability();
            return true;
        } catch (Throwable e) {
            return false; // no native library for this platform: gzip only
        }
    }

    public static boolean brotliAvailable() {
        return BROTLI;
    }

    /** @param best true for ahead-of-time compression (maximum ratio), false for per-request speed */
    public static byte[] brotli(byte[] data, boolean best) {
        try {
            return Encoder.compress(data, new Encoder.Parameters().setQuality(best ? 11 : 5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] data, boolean best) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 3));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(best ? Deflater.BEST_COMPRESSION : 6);
            }
        }) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toByteArray();
    }

    public static byte[] encode(String coding, byte[] data, boolean best) {
        return switch (coding) {
            case BR -> brotli(data, best);
            case GZIP -> gzip(data, best);
            default -> throw new IllegalArgumentException("no encoder for " + coding);
        };
    }

    /** The file-name suffix of a precompressed sibling for a content coding. */
    public static String suffix(String coding) {
        return switch (coding) {
            case BR -> ".br";
            case ZSTD -> ".zst";
            case GZIP -> ".gz";
            default -> throw new IllegalArgumentException("unknown coding " + coding);
        };
    }
}
