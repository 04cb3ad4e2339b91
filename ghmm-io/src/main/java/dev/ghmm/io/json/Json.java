package dev.ghmm.io.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The JSON of ghmm's files and outputs: one mapper, kept private so that no caller can reconfigure it, behind
 * immutable writers, node factories and readers with the one-line message of a malformed file; and arrays of numbers
 * with undefined values (NaN, ±∞) written as {@code null}.
 */
public final class Json {
    /**
     * Python's json.dump writes NaN and Infinity bare: parse them so the error names the entry. Duplicate keys and
     * trailing content are errors rather than silently dropped.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Writes JSON on one line (immutable and thread-safe). */
    public static final ObjectWriter WRITER = MAPPER.writer();

    /** Writes JSON pretty-printed, two spaces an indent (immutable and thread-safe). */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    /** Jackson's description of where a token started, with its "REDACTED" source placeholder. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");

    private Json() {
    }

    /**
     * Reads a JSON file.
     *
     * @param path the file
     * @return its JSON value
     * @throws IOException              if the file cannot be read
     * @throws JsonInputException if it is not one JSON value, in one line starting with the file name
     */
    public static JsonNode readTree(Path path) throws IOException {
        try {
            return MAPPER.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            throw new JsonInputException("", path + ": " + message(e), e);
        }
    }

    /**
     * Reads JSON text.
     *
     * @param text the text
     * @return its JSON value
     * @throws JsonInputException if it is not one JSON value, in one line
     */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new JsonInputException("", message(e), e);
        }
    }

    /** Jackson's complaint in one line, with a line and column but without its source description. */
    private static String message(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        if (m.startsWith("Trailing token")) {
            m = "more content after the end of the JSON value";
        }
        m = SOURCE.matcher(m).replaceAll("line $1, column $2").replaceAll(", from `[^`]*`", "");
        m = m.replace("REDACTED", "").replaceAll("\\s+", " ").strip();
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return (e instanceof StreamConstraintsException ? "JSON beyond a reading limit" : "malformed JSON") + where + ": " + m;
    }

    /** {@return a new empty JSON object} */
    public static ObjectNode createObjectNode() {
        return MAPPER.createObjectNode();
    }

    /** {@return a new empty JSON array} */
    public static ArrayNode createArrayNode() {
        return MAPPER.createArrayNode();
    }

    /**
     * {@return the JSON string {@code text}}
     *
     * @param text the text
     */
    public static TextNode textNode(String text) {
        return MAPPER.getNodeFactory().textNode(text);
    }

    /**
     * A JSON array of numbers.
     *
     * @param values the numbers
     * @return the array, with {@code null} for each value that is not finite
     */
    public static ArrayNode array(double[] values) {
        ArrayNode a = createArrayNode();
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
        return a;
    }

    /**
     * A JSON array of integers.
     *
     * @param values the integers
     * @return the array
     */
    public static ArrayNode array(int[] values) {
        ArrayNode a = createArrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }
}
