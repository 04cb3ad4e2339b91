/**
 * The JSON of ghmm's files: {@link dev.ghmm.io.json.Json} holds the one mapper (NaN and Infinity read so that an
 * error can name them, duplicate keys and trailing content refused), reads a file with a one-line message naming
 * it, and writes arrays of numbers with undefined values as {@code null}.
 */
package dev.ghmm.io.json;
