package dev.gatehouse.config;

import java.nio.file.Path;
import java.util.List;

/** Static files of one site: the document root and the index file names tried for directories. */
public record StaticConfig(Path root, List<String> indexFiles) {
}
