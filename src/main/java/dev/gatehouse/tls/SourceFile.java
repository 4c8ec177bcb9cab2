package dev.gatehouse.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The bytes of a key or certificate file, read with operator-friendly errors. */
record SourceFile(Path path, byte[] content) {

    /** Certificate and key files are a few KiB; a cap keeps a mistyped path (/dev/zero) harmless. */
    static final int MAX_BYTES = 10 * 1024 * 1024;

    static SourceFile read(Path path) throws KeyMaterialException {
        if (Files.isDirectory(path)) {
            throw KeyMaterialException.of(path, "is a directory, not a file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] content = in.readNBytes(MAX_BYTES + 1);
            if (content.length > MAX_BYTES) {
                throw KeyMaterialException.of(path, "is larger than " + MAX_BYTES / (1024 * 1024)
                        + " MiB; that is not a certificate, key or key store file");
            }
            if (content.length == 0) {
                throw KeyMaterialException.of(path, "the file is empty");
            }
            return new SourceFile(path, content);
        } catch (NoSuchFileException e) {
            throw KeyMaterialException.of(path, "file not found", e);
        } catch (AccessDeniedException e) {
            throw KeyMaterialException.of(path, "not readable by this user", e);
        } catch (IOException e) {
            throw KeyMaterialException.of(path, "cannot be read (" + KeyMaterialException.detail(e) + ")", e);
        }
    }

    /** PEM may have text before the first block (openssl "Bag Attributes", -text output). */
    boolean isPem() {
        return new String(content, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
