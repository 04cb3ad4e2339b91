package dev.ghmm.io.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads values out of a JSON tree, each named by its JSON path from the root ({@code factored.factors[3].control[2]},
 * empty for the root): a value of the wrong kind, a missing or unknown key, or a refusal of the constructor the
 * values are given to is a {@link JsonInputException} with one line {@code path = value problem}. The one reader of
 * ghmm's JSON files: process files and the probe directory.
 */
public final class JsonReader {
    /** The longest value shown in a message. */
    private static final int SHOWN = 60;

    private JsonReader() {
    }

    /**
     * Runs a constructor on values read at {@code path}: its refusal (an {@link IllegalArgumentException}) becomes
     * one line at the path; anything else it throws is a bug and passes unchanged.
     *
     * @param path         the JSON path of what is built
     * @param value        the value shown after the path, or null
     * @param construction the constructor call
     * @param <T>          what is built
     * @return what is built
     * @throws JsonInputException if the constructor refuses
     */
    public static <T> T build(String path, JsonNode value, Supplier<T> construction) {
        try {
            return construction.get();
        } catch (IllegalArgumentException e) {
            throw refusal(path, value, e);
        }
    }

    /**
     * Runs a reading of JSON from {@code source} (a file): every refusal becomes a {@link JsonInputException} whose one
     * line starts with the source ({@link JsonInputException#in}), also an {@link IllegalArgumentException} of a
     * library call outside {@link #build} (at the top level); anything else passes unchanged.
     *
     * @param source  the file, or another description of where the JSON came from
     * @param reading the reading
     * @param <T>     what is read
     * @return what is read
     * @throws JsonInputException if the reading refuses the JSON
     */
    public static <T> T from(Object source, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (JsonInputException e) {
            throw e.in(source);
        } catch (IllegalArgumentException e) {
            throw refusal("", null, e).in(source);
        }
    }

    /** The refusal {@code e} of a constructor as one line at {@code path}. */
    private static JsonInputException refusal(String path, JsonNode value, IllegalArgumentException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String where = path.isEmpty() ? "" : path + (value == null ? "" : " = " + show(value)) + ": ";
        return new JsonInputException(path, oneLine(where + why), e);
    }

    /**
     * The refusal of a value: {@code path = value problem}, where the problem starts with a verb, in one line.
     *
     * @param path    the JSON path, empty for the top level
     * @param value   the value shown (at most 60 characters, numbers as written), or null
     * @param problem what is wrong, e.g. {@code is not a number}
     * @return the exception to throw
     */
    public static JsonInputException error(String path, JsonNode value, String problem) {
        String where = path.isEmpty() ? "the top level" : path;
        return new JsonInputException(path, oneLine(where + (value == null ? "" : " = " + show(value)) + " " + problem), null);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static String show(JsonNode value) {
        // a number as written (Jackson quotes NaN and Infinity in toString)
        return show(value.isNumber() ? value.asText() : value.toString());
    }

    /**
     * A text as an error message shows it: whole up to 60 characters, else cut with an ellipsis.
     *
     * @param s the text
     * @return the text shown
     */
    public static String show(String s) {
        return s.length() <= SHOWN ? s : s.substring(0, SHOWN - 1) + "…";
    }

    /**
     * {@return the path of {@code key} in the object at {@code path}: {@code path.key}, or {@code key} at the top}
     *
     * @param path the object's path
     * @param key  the key
     */
    public static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * {@return the path of entry {@code i} of the array at {@code path}: {@code path[i]}}
     *
     * @param path the array's path
     * @param i    the index
     */
    public static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    /**
     * Refuses a key of {@code object} that is not allowed, naming the expected ones.
     *
     * @param object  the object
     * @param path    its path
     * @param allowed the keys it may have
     * @throws JsonInputException on another key
     */
    public static void keys(JsonNode object, String path, String... allowed) {
        List<String> known = Arrays.asList(allowed);
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!known.contains(e.getKey())) {
                throw error(child(path, e.getKey()), e.getValue(), "is an unknown key" + (allowed.length == 1 ? ": \"" + allowed[0]
                        + "\" stands alone" : "; expected " + String.join(", ", allowed)));
            }
        }
    }

    /**
     * {@return the value of a required key}
     *
     * @param object the object
     * @param key    the key
     * @param path   the object's path
     * @throws JsonInputException if the key is missing or null
     */
    public static JsonNode required(JsonNode object, String key, String path) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            throw error(child(path, key), null, v == null ? "is missing" : "is null but required");
        }
        return v;
    }

    /**
     * {@return the value of an optional key, or null when absent; an explicit null (Python's None) counts as absent}
     *
     * @param object the object
     * @param key    the key
     */
    public static JsonNode optional(JsonNode object, String key) {
        JsonNode v = object.get(key);
        return v == null || v.isNull() ? null : v;
    }

    /**
     * {@return {@code node}, an object}
     *
     * @param node the value
     * @param path its path
     * @throws JsonInputException if it is not an object
     */
    public static JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw error(path, node, "is not an object");
        }
        return node;
    }

    /**
     * {@return {@code node}, an array}
     *
     * @param node the value
     * @param path its path
     * @throws JsonInputException if it is not an array
     */
    public static ArrayNode array(JsonNode node, String path) {
        if (!node.isArray()) {
            throw error(path, node, "is not an array");
        }
        return (ArrayNode) node;
    }

    /**
     * {@return the string {@code node}}
     *
     * @param node the value
     * @param path its path
     * @throws JsonInputException if it is not a string
     */
    public static String string(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw error(path, node, "is not a string");
        }
        return node.asText();
    }

    /**
     * {@return the finite number {@code node}}
     *
     * @param node the value
     * @param path its path
     * @throws JsonInputException if it is not a number, or NaN or infinite
     */
    public static double number(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw error(path, node, "is not a number");
        }
        double v = node.asDouble();
        if (!Double.isFinite(v)) {
            throw error(path, node, "is not finite");
        }
        return v;
    }

    /**
     * {@return whether {@code node} is a number with an exact {@code int} value (3 and 3.0, not 3.5)}
     *
     * @param node the value
     */
    public static boolean isInteger(JsonNode node) {
        return node.isNumber() && node.canConvertToExactIntegral() && node.canConvertToInt();
    }

    /**
     * {@return the {@code int} {@code node}}
     *
     * @param node the value
     * @param path its path
     * @throws JsonInputException if it is not an integer within the range of {@code int}
     */
    public static int integer(JsonNode node, String path) {
        if (!isInteger(node)) {
            throw error(path, node, "is not an integer");
        }
        return node.asInt();
    }

    /**
     * {@return the {@code long} {@code node}}
     *
     * @param node the value
     * @param path its path
     * @throws JsonInputException if it is not an integer within the range of {@code long}
     */
    public static long longInteger(JsonNode node, String path) {
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw error(path, node, "is not an integer");
        }
        return node.asLong();
    }

    /**
     * {@return the boolean {@code node}}
     *
     * @param node the value
     * @param path its path
     * @throws JsonInputException if it is not true or false
     */
    public static boolean bool(JsonNode node, String path) {
        if (!node.isBoolean()) {
            throw error(path, node, "is not true or false");
        }
        return node.booleanValue();
    }
}
