package dev.gatehouse.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One version of one file as served: its length, modification time and strong entity-tag.
 *
 * <p>The ETag is built from modification time (microseconds), size and the file key (device and
 * inode on Unix, via {@link BasicFileAttributes#fileKey()}, which costs no extra system call), plus
 * the content coding: a file replaced by an equally long one in the same microsecond still gets a
 * new tag if it is a new inode (the usual atomic rename deploy), and the gzip and identity forms of
 * one file never share a tag (RFC 9110 §8.8.3: a strong tag changes with the content coding).
 */
public record FileVersion(long size, Instant lastModified, EntityTag etag) {

    public static FileVersion of(BasicFileAttributes attrs, long size, String coding) {
        long micros = attrs.lastModifiedTime().to(TimeUnit.MICROSECONDS);
        Object key = attrs.fileKey();
        StringBuilder tag = new StringBuilder("\"").append(Long.toHexString(micros)).append('-')
                .append(Long.toHexString(size));
        if (key != null) {
            tag.append('-').append(Integer.toHexString(key.hashCode()));
        }
        if (coding != null && !coding.equals("identity")) {
            tag.append('-').append(coding);
        }
        tag.append('"');
        return new FileVersion(size, attrs.lastModifiedTime().toInstant(), new EntityTag(tag.toString(), false));
    }
}
