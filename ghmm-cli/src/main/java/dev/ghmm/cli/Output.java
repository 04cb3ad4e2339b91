package dev.ghmm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.output.OutputFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.WritableByteChannel;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where commands print: JSON, one value per line, for programs; with {@code --text}, lines a person reads. Text
 * lines and error lines are escaped: control characters, bidirectional overrides and other invisible format
 * characters of symbol names, process names or arguments are shown as {@code \n}, {@code \t} or {@code \}{@code uXXXX},
 * so a name can neither break a line nor reorder what the terminal shows.
 */
final class Output {
    /** Significant digits of numbers in text tables. */
    private static final MathContext DIGITS = new MathContext(6);

    final PrintStream out;
    final PrintStream err;
    private final WritableByteChannel stdout;

    /**
     * Where commands print.
     *
     * @param out    stdout for text and JSON
     * @param err    stderr
     * @param stdout the same stdout for bytes, written straight through (not through {@code out}, which swallows
     *               errors and flushes lines)
     */
    Output(PrintStream out, PrintStream err, WritableByteChannel stdout) {
        this.out = out;
        this.err = err;
        this.stdout = stdout;
    }

    /** {@return stdout for bytes, after what {@code out} holds} */
    WritableByteChannel stdout() {
        out.flush();
        return stdout;
    }

    /** One JSON value on one line. */
    void json(JsonNode node) {
        out.println(node.toString());
    }

    /** One line of text, escaped. */
    void line(String text) {
        out.println(escape(text));
    }

    /** Lines of text, each escaped. */
    void lines(List<String> lines) {
        lines.forEach(this::line);
    }

    /** The one line of a failure: {@code ghmm COMMAND: message}, escaped so that it stays one line. */
    void error(String command, String message) {
        err.println(escape(command + ": " + message));
        err.flush();
    }

    /** {@code s} with control, format (bidi overrides, zero-width characters) and separator characters escaped. */
    static String escape(String s) {
        StringBuilder b = null;
        for (int k = 0; k < s.length(); ) {
            int c = s.codePointAt(k);
            int n = Character.charCount(c);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> visible(c) ? null : c > 0xFFFF ? String.format("\\u{%X}", c) : String.format("\\u%04X", c);
            };
            if (replacement != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, k);
            }
            if (b != null) {
                if (replacement == null) {
                    b.appendCodePoint(c);
                } else {
                    b.append(replacement);
                }
            }
            k += n;
        }
        return b == null ? s : b.toString();
    }

    private static boolean visible(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE,
                    Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }

    /** A number for a person: six significant digits, "undefined" when not finite. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "undefined";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(DIGITS).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        return exponent < -4 || exponent >= 7 ? d.toString().replace("E+", "e").replace("E", "e") : d.toPlainString();
    }

    /** A vector for a person: {@code [0.5, 0.25, 0.25]} with {@link #number} entries. */
    static String numbers(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ", ").append(number(v[i]));
        }
        return s.append(']').toString();
    }

    /** Puts a number, or null where it is undefined (NaN or infinite), so that JSON stays standard. */
    static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** Rows of cells as lines with columns aligned (left-aligned, two spaces apart). */
    static List<String> table(List<String[]> rows) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].codePointCount(0, row[c].length()));
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                s.append(row[c]);
                if (c < row.length - 1) {
                    s.append(" ".repeat(width[c] - row[c].codePointCount(0, row[c].length()) + 2));
                }
            }
            lines.add(s.toString().stripTrailing());
        }
        return lines;
    }

    /**
     * Writes a file through {@code write}, so that a failure names it: the reason of an error that names no file
     * (No space left on device, File too large, ImageIO's "I/O error writing PNG file!") or another file (a
     * temporary beside it) is taken from its innermost cause and reported against {@code file}.
     */
    static void naming(Path file, IOAction write) throws IOException {
        try {
            write.run();
        } catch (IOException e) {
            if (e instanceof FileSystemException f && file.toString().equals(f.getFile())) {
                throw e;
            }
            Throwable root = e;
            while (root.getCause() instanceof IOException inner) {
                root = inner;
            }
            String reason = root instanceof FileSystemException f ? OutputFiles.reason(f) : root.getMessage();
            FileSystemException named = new FileSystemException(file.toString(), null, reason == null ? e.getClass().getSimpleName() : reason);
            named.initCause(e);
            throw named;
        }
    }

    /** Writes {@code value} as pretty-printed JSON into {@code file}; a failure names the file. */
    static void writeJson(Path file, JsonNode value) throws IOException {
        naming(file, () -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                Json.PRETTY.writeValue(out, value);
            }
        });
    }

    /** An action that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface IOAction {
        void run() throws IOException;
    }
}
