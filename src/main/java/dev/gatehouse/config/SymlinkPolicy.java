package dev.gatehouse.config;

/** How the static handler treats symbolic links under the document root ({@code static.symlinks}). */
public enum SymlinkPolicy {
    /** A link may point anywhere inside the root (checked on the real path); the default. */
    FOLLOW_WITHIN_ROOT,
    /** No path component below the root may be a link. */
    DENY,
    /** Links may point anywhere on the machine. Unsafe: whoever can create a link can publish any file. */
    FOLLOW
}
