package dev.gatehouse.tls;

import dev.gatehouse.config.TlsConfig;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TLS session-ticket keys for the BoringSSL engine (Netty leaves tickets off until keys are set).
 *
 * <p>With {@code tls.session-ticket-keys}: the file's keys, one base64 line of 48 random bytes each
 * ({@code openssl rand -base64 48}), the first line encrypts, all lines decrypt; instances sharing the
 * file resume each other's sessions. Rotate by writing a new first line and dropping the last; the
 * file is watched like the certificates. Without it: random keys, a new one every 24 hours with the
 * previous one kept for decryption.
 *
 * <p>Each file key is diversified per certificate (HMAC-SHA256 over the leaf's public key), so a
 * ticket issued for one site cannot resume a session on another site of the same server, while
 * instances serving the same certificate still share keys. The JDK engine manages its own tickets.
 */
public final class SessionTickets {

    static final int KEY_BYTES = 48;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The current random key per context, kept for one rotation so its tickets still decrypt. */
    private static final Map<SslContext, OpenSslSessionTicketKey> RANDOM_KEYS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private SessionTickets() {
    }

    static void apply(SslContext context, TlsConfig config, KeyMaterial material) throws TlsSetupException {
        if (!(context.sessionContext() instanceof OpenSslSessionContext sessions)) {
            return;
        }
        if (config.sessionTicketKeys() != null) {
            sessions.setTicketKeys(fromFile(config.sessionTicketKeys(), material).toArray(new OpenSslSessionTicketKey[0]));
        } else {
            OpenSslSessionTicketKey key = random();
            RANDOM_KEYS.put(context, key);
            sessions.setTicketKeys(key);
        }
    }

    /** The daily rotation: a new random key encrypts, the previous one still decrypts; file keys are re-read. */
    public static void rotate(LoadedTls tls) throws TlsSetupException {
        SslContext context = tls.context();
        if (!(context.sessionContext() instanceof OpenSslSessionContext sessions)) {
            return;
        }
        if (tls.config().sessionTicketKeys() != null) {
            apply(context, tls.config(), tls.material());
            return;
        }
        OpenSslSessionTicketKey next = random();
        OpenSslSessionTicketKey previous = RANDOM_KEYS.put(context, next);
        sessions.setTicketKeys(previous == null ? new OpenSslSessionTicketKey[] {next}
                : new OpenSslSessionTicketKey[] {next, previous});
    }

    static List<OpenSslSessionTicketKey> fromFile(Path file, KeyMaterial material) throws TlsSetupException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsSetupException("tls.session-ticket-keys", file + ": cannot be read (" + e + ")");
        }
        byte[] context = material.leaf().getPublicKey().getEncoded();
        List<OpenSslSessionTicketKey> keys = new ArrayList<>();
        int lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                raw = new byte[0];
            }
            if (raw.length != KEY_BYTES) {
                throw new TlsSetupException("tls.session-ticket-keys", file + " line " + lineNumber
                        + ": not a key (expected: base64 of " + KEY_BYTES + " random bytes, e.g. from openssl rand -base64 48)");
            }
            keys.add(derive(raw, context));
        }
        if (keys.isEmpty()) {
            throw new TlsSetupException("tls.session-ticket-keys", file + ": no key in the file (expected: at least"
                    + " one line from openssl rand -base64 48; the first line encrypts)");
        }
        return keys;
    }

    private static OpenSslSessionTicketKey derive(byte[] secret, byte[] context) throws TlsSetupException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] out = new byte[64];
            for (int i = 0; i < 2; i++) {
                mac.update("gatehouse session ticket key".getBytes(StandardCharsets.US_ASCII));
                mac.update(context);
                mac.update((byte) (i + 1));
                System.arraycopy(mac.doFinal(), 0, out, i * 32, 32);
            }
            return key(out);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("tls.session-ticket-keys", "cannot derive ticket keys: " + e);
        }
    }

    private static OpenSslSessionTicketKey random() {
        byte[] b = new byte[KEY_BYTES];
        RANDOM.nextBytes(b);
        return key(b);
    }

    private static OpenSslSessionTicketKey key(byte[] b) {
        byte[] name = java.util.Arrays.copyOfRange(b, 0, 16);
        byte[] hmac = java.util.Arrays.copyOfRange(b, 16, 32);
        byte[] aes = java.util.Arrays.copyOfRange(b, 32, 48);
        return new OpenSslSessionTicketKey(name, hmac, aes);
    }
}
