/**
 * Configuration: {@code .properties} files to immutable records. The only package that knows key
 * strings; validation is strict and every problem names the file, the key, the value and what was
 * expected. Depends on the JDK only.
 */
package dev.gatehouse.config;
