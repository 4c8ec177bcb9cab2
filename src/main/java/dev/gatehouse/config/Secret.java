package dev.gatehouse.config;

import java.util.Arrays;

/** A password or other secret. {@link #toString()} never shows the value. */
public final class Secret {

    private final char[] value;

    private Secret(char[] value) {
        this.value = value.clone();
    }

    public static Secret of(String value) {
        return new Secret(value.toCharArray());
    }

    /** A fresh copy: callers may wipe it. */
    public char[] chars() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "******";
    }
}
