package dev.gatehouse.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * HTTP Basic (RFC 7617) against an htpasswd file of bcrypt hashes ({@code htpasswd -B}: {@code user:$2y$...}).
 *
 * <p>Timing: an unknown user is checked against a dummy hash of the same cost, and Bouncy Castle's
 * {@code checkPassword} compares in constant time, so the answer time does not tell which users
 * exist. bcrypt is slow on purpose (tens of milliseconds on the event loop); to keep that to the first
 * request of a client, a verified user is remembered by a SHA-256 of {@code user:password}, compared
 * with {@link MessageDigest#isEqual} (constant time). The cache lives as long as the configuration.
 */
public final class BasicAuthenticator {

    private static final int CACHE_LIMIT = 1024;

    private final Map<String, String> hashes;
    private final String dummyHash;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    private BasicAuthenticator(Map<String, String> hashes) {
        this.hashes = hashes;
        String cost = hashes.isEmpty() ? "10" : hashes.values().iterator().next().substring(4, 6);
        this.dummyHash = OpenBSDBCrypt.generate("2y", "not-a-password".toCharArray(), new byte[16], Integer.parseInt(cost));
    }

    /** @throws IOException when the file cannot be read; IllegalArgumentException for a non-bcrypt line */
    public static BasicAuthenticator load(Path usersFile) throws IOException {
        Map<String, String> hashes = new HashMap<>();
        List<String> lines = Files.readAllLines(usersFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String hash = colon < 0 ? "" : line.substring(colon + 1);
            if (colon <= 0 || !hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new IllegalArgumentException(usersFile + " line " + (i + 1)
                        + ": expected user:bcrypt-hash (htpasswd -B); other hash types are not accepted");
            }
            hashes.put(line.substring(0, colon), hash);
        }
        return new BasicAuthenticator(Map.copyOf(hashes));
    }

    /** The user name when the Authorization header holds valid credentials, else null. */
    public String authenticate(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6) || authorization.length() > 4096) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        byte[] digest = sha256(decoded);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return user;
        }
        String hash = hashes.get(user);
        boolean ok;
        try {
            ok = OpenBSDBCrypt.checkPassword(hash == null ? dummyHash : hash, password.toCharArray()) && hash != null;
        } catch (RuntimeException e) {
            ok = false; // e.g. a password longer than bcrypt's 72 bytes: no stored hash can match it
        }
        if (!ok) {
            return null;
        }
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(user, digest);
        return user;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
