/**
 * The JSON of ghmm's files: {@link dev.ghmm.io.json.Json} holds the one mapper of the files ghmm reads and writes
 * (process files, meta.json, the probe directory, the commands' output), private behind immutable writers and node
 * factories (NaN and Infinity read so that an error can name them, duplicate keys and trailing content refused), and
 * reads a file or a text with a one-line message; {@link dev.ghmm.io.json.JsonReader} reads values out of the tree,
 * each named by its JSON path ({@code factored.factors[3].control[2]}); every refusal is a
 * {@link dev.ghmm.io.json.JsonInputException}, an {@link java.lang.IllegalArgumentException} whose one line names the
 * path and the value, and {@link dev.ghmm.io.json.JsonReader#from} puts the file's name in front. Process files and
 * the probe directory read their JSON through it.
 */
package dev.ghmm.io.json;
