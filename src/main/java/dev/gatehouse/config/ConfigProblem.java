package dev.gatehouse.config;

/**
 * One problem with one configuration key, rendered in the form
 * {@code FILE: KEY: "VALUE" (expected: WHAT)} so that an operator can fix it without reading code.
 */
public record ConfigProblem(String file, String key, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        if (key != null) {
            sb.append(key).append(": ");
        }
        return sb.append(message).toString();
    }
}
