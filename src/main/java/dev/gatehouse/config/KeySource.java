package dev.gatehouse.config;

import java.nio.file.Path;
import java.util.List;

/** Where a site's certificate and private key come from. */
public sealed interface KeySource {

    /** The file names, for messages. */
    String describe();

    /** The files to watch for changes. */
    List<Path> files();

    /** PEM (or DER) certificate chains and private keys; lists are paired by position. */
    record PemFiles(List<Path> certificates, List<Path> privateKeys, Secret keyPassword) implements KeySource {
        @Override
        public List<Path> files() {
            java.util.List<Path> all = new java.util.ArrayList<>(certificates);
            all.addAll(privateKeys);
            return List.copyOf(all);
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < certificates.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(certificates.get(i)).append(" + ").append(i < privateKeys.size() ? privateKeys.get(i) : "?");
            }
            return sb.toString();
        }
    }

    /** A PKCS#12 or JKS key store; {@code keyPassword} null means the store password. */
    record KeyStoreFile(Path file, Secret storePassword, String alias, Secret keyPassword) implements KeySource {
        @Override
        public List<Path> files() {
            return List.of(file);
        }

        @Override
        public String describe() {
            return file + (alias == null ? "" : " (alias " + alias + ")");
        }
    }
}
