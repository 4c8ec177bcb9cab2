package dev.gatehouse.files;

import dev.gatehouse.http.HttpDates;
import java.time.Instant;
import java.util.List;

/**
 * Conditional requests, evaluated in the order of RFC 9110 §13.2.2. Pure logic: the caller passes the
 * raw header values (null when absent) and the current validators of the selected representation.
 *
 * <p>Only GET and HEAD reach the static handler, so step 3's "false → 412 for other methods" branch
 * exists for completeness of the table rather than for traffic.
 */
public final class Preconditions {

    /** What the preconditions decide before range handling. */
    public enum Outcome {
        PROCEED,
        NOT_MODIFIED,
        PRECONDITION_FAILED
    }

    /** The conditional headers of a request; null where absent. Repeated lines are joined with ", ". */
    public record Conditions(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch, String ifModifiedSince) {
        public static final Conditions NONE = new Conditions(null, null, null, null);
    }

    private Preconditions() {
    }

    /**
     * @param getOrHead    whether the method is GET or HEAD (304 instead of 412 for If-None-Match)
     * @param etag         the current strong entity-tag
     * @param lastModified the current modification time (compared at one-second resolution)
     */
    public static Outcome evaluate(Conditions c, boolean getOrHead, EntityTag etag, Instant lastModified) {
        long modified = lastModified.getEpochSecond();
        // 1. If-Match: strong comparison; "*" matches any current representation.
        if (c.ifMatch() != null) {
            if (!anyMatch(c.ifMatch(), etag, true)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else if (c.ifUnmodifiedSince() != null) {
            // 2. If-Unmodified-Since, only without If-Match; an invalid date is ignored (§13.1.4).
            Instant since = HttpDates.parse(c.ifUnmodifiedSince());
            if (since != null && modified > since.getEpochSecond()) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        // 3. If-None-Match: weak comparison.
        if (c.ifNoneMatch() != null) {
            if (anyMatch(c.ifNoneMatch(), etag, false)) {
                return getOrHead ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
            }
        } else if (getOrHead && c.ifModifiedSince() != null) {
            // 4. If-Modified-Since, only without If-None-Match, only for GET/HEAD.
            Instant since = HttpDates.parse(c.ifModifiedSince());
            if (since != null && modified <= since.getEpochSecond()) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /**
     * Step 5, If-Range (§13.1.5): true when the range request may be honoured. An entity-tag must match
     * strongly; a date must equal Last-Modified exactly (our Last-Modified is strong: files are not
     * rewritten twice within a second without their size, inode or ETag changing too). Anything else,
     * including a weak tag, is false: the client gets the whole representation, which is always safe.
     */
    public static boolean ifRangeHolds(String ifRange, EntityTag etag, Instant lastModified) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            EntityTag tag = EntityTag.parse(v);
            return tag != null && tag.strongMatch(etag);
        }
        Instant date = HttpDates.parse(v);
        return date != null && date.getEpochSecond() == lastModified.getEpochSecond();
    }

    private static boolean anyMatch(String header, EntityTag etag, boolean strong) {
        List<EntityTag> tags = EntityTag.parseList(header);
        if (tags == null) {
            return true; // "*": the representation exists
        }
        for (EntityTag t : tags) {
            if (strong ? t.strongMatch(etag) : t.weakMatch(etag)) {
                return true;
            }
        }
        return false;
    }
}
