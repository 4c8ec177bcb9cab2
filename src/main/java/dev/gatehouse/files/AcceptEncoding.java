package dev.gatehouse.files;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code Accept-Encoding} negotiation (RFC 9110 §12.5.3). Pure logic.
 *
 * <p>Picks, among the codings the server can offer (in the server's order of preference), the one
 * with the highest q-value the client gave; ties go to the server's order. A coding is acceptable if
 * named with q &gt; 0, or matched by {@code *} with q &gt; 0 and not named. {@code identity} is never
 * chosen here: when nothing else is acceptable the caller sends the file as it is.
 */
public final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /** @return the chosen coding, or null for identity */
    public static String choose(String header, List<String> offered) {
        if (header == null || header.isBlank() || offered.isEmpty()) {
            return null;
        }
        Map<String, Double> q = parse(header);
        Double star = q.get("*");
        String best = null;
        double bestQ = 0;
        for (String coding : offered) {
            Double v = q.containsKey(coding) ? q.get(coding)
                    : coding.equals("gzip") && q.containsKey("x-gzip") ? q.get("x-gzip") : star;
            if (v != null && v > bestQ) {
                best = coding;
                bestQ = v;
            }
        }
        return best;
    }

    /** Coding (lower case) to q-value; a malformed q counts as 0 (not acceptable), never as 1. */
    static Map<String, Double> parse(String header) {
        Map<String, Double> out = new HashMap<>();
        for (String element : header.split(",")) {
            String[] params = element.split(";");
            String coding = params[0].trim().toLowerCase(Locale.ROOT);
            if (coding.isEmpty()) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim();
                if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                    q = qvalue(p.substring(2).trim());
                }
            }
            out.merge(coding, q, Math::max);
        }
        return out;
    }

    /** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) (§12.4.2). */
    private static double qvalue(String s) {
        if (!s.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
            return 0;
        }
        return Double.parseDouble(s.endsWith(".") ? s + "0" : s);
    }
}
