package dev.ghmm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.ops.DConvertMatrixStruct;

/**
 * Process files: the JSON format below, and built-in processes by name ({@link Catalogue#byName}).
 * <pre>
 * {"name": "...", "alphabet": ["0", "1"],
 *  "transfer": [ S×S nested arrays, or {"rows": S, "cols": S, "entries": [[i, j, value], ...]}, one per symbol ],
 *  "initial": [...],   // optional: default is the unique stationary vector
 *  "one": [...]}       // optional: |1⟩⟩, needed when the eigenvalue-1 eigenspace of T is degenerate
 * </pre>
 * Every malformed file gets an {@link IllegalArgumentException} naming the field and index.
 */
public final class ProcessFiles {
    /** Python's json.dump writes NaN and Infinity bare: parse them so the error names the entry. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private ProcessFiles() {
    }

    /**
     * The JSON specification of a process argument, as recorded in dataset metadata: a file's content, or the
     * catalogue string itself.
     *
     * @param spec a file path or a catalogue name with parameters
     * @return the specification
     * @throws IOException if the file cannot be read
     */
    public static JsonNode specJson(String spec) throws IOException {
        Path path = Path.of(spec);
        if (Files.isRegularFile(path)) {
            return JSON.readTree(path.toFile());
        }
        return JSON.getNodeFactory().textNode(spec);
    }

    /**
     * The process in {@code spec}: an existing JSON file, else a catalogue name such as {@code mess3:x=0.05}.
     *
     * @param spec a file path or a catalogue name
     * @return the process in {@code spec}: an existing JSON file, else a catalogue name such as {@code mess3:x=0.05}
     * @throws IOException if the file cannot be read or written
     */
    public static Ghmm load(String spec) throws IOException {
        Path path = Path.of(spec);
        if (Files.isRegularFile(path)) {
            return read(path);
        }
        if (spec.endsWith(".json")) {
            throw new NoSuchFileException(spec);
        }
        return Catalogue.byName(spec);
    }

    /**
     * Reads a process file.
     *
     * @param path the file
     * @return the process read
     * @throws IOException if the file cannot be read or written
     */
    public static Ghmm read(Path path) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(path + ": malformed JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds a process from a parsed JSON tree.
     *
     * @param root the parsed JSON
     * @return the process built
     */
    public static Ghmm parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the process must be a JSON object");
        }
        JsonNode alphabet = required(root, "alphabet");
        JsonNode transfer = required(root, "transfer");
        if (!alphabet.isArray() || !transfer.isArray()) {
            throw new IllegalArgumentException("\"alphabet\" and \"transfer\" must be arrays");
        }
        if (alphabet.size() != transfer.size()) {
            throw new IllegalArgumentException("\"alphabet\" has " + alphabet.size() + " symbols but \"transfer\" has " + transfer.size() + " matrices");
        }
        Ghmm.Builder builder = Ghmm.builder().name(root.path("name").asText("ghmm"));
        for (int x = 0; x < alphabet.size(); x++) {
            if (!alphabet.get(x).isTextual()) {
                throw new IllegalArgumentException("alphabet[" + x + "] = " + alphabet.get(x) + " is not a string");
            }
            String symbol = alphabet.get(x).asText();
            builder.symbol(symbol, matrix("transfer[" + x + "]", transfer.get(x)));
        }
        if (root.hasNonNull("initial")) {
            builder.initial(vector("initial", root.get("initial")));
        }
        if (root.hasNonNull("one")) {
            builder.one(vector("one", root.get("one")));
        }
        return builder.build();
    }

    private static JsonNode required(JsonNode root, String field) {
        if (!root.hasNonNull(field)) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return root.get(field);
    }

    private static Operator matrix(String what, JsonNode node) {
        try {
            if (node.isArray()) {
                double[][] m = new double[node.size()][];
                for (int i = 0; i < m.length; i++) {
                    m[i] = vector(what + "[" + i + "]", node.get(i));
                }
                return Operators.auto(m);
            }
            if (node.isObject()) {
                int rows = required(node, "rows").asInt(-1);
                int cols = required(node, "cols").asInt(-1);
                if (rows <= 0 || rows != cols) {
                    throw new IllegalArgumentException("rows " + rows + " and cols " + cols + " must be equal and positive");
                }
                JsonNode entries = required(node, "entries");
                DMatrixSparseTriplet triplet = new DMatrixSparseTriplet(rows, cols, entries.size());
                for (int k = 0; k < entries.size(); k++) {
                    JsonNode e = entries.get(k);
                    if (!e.isArray() || e.size() != 3 || !e.get(0).canConvertToExactIntegral() || !e.get(1).canConvertToExactIntegral() || !e.get(2).isNumber()) {
                        throw new IllegalArgumentException("entries[" + k + "] = " + e + " is not [i, j, value]");
                    }
                    int i = e.get(0).asInt();
                    int j = e.get(1).asInt();
                    if (i < 0 || i >= rows || j < 0 || j >= cols) {
                        throw new IllegalArgumentException("entries[" + k + "] = " + e + " is outside " + rows + "×" + cols);
                    }
                    triplet.addItem(i, j, e.get(2).asDouble());
                }
                return Operators.sparse(DConvertMatrixStruct.convert(triplet, (org.ejml.data.DMatrixSparseCSC) null));
            }
            throw new IllegalArgumentException("is neither a nested array nor a sparse object");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static double[] vector(String what, JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(what + " = " + node + " is not an array of numbers");
        }
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode e = node.get(i);
            if (!e.isNumber()) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + e + " is not a number");
            }
            v[i] = e.asDouble();
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + v[i] + " is not finite");
            }
        }
        return v;
    }

    /**
     * The JSON form of a process, readable by {@link #parse}: dense matrices, initial and one.
     *
     * @param process the process
     * @return the JSON form of a process, readable by {@link #parse}: dense matrices, initial and one
     */
    public static ObjectNode toJson(Ghmm process) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", process.name());
        ArrayNode alphabet = root.putArray("alphabet");
        for (String s : process.alphabet().names()) {
            alphabet.add(s);
        }
        ArrayNode transfer = root.putArray("transfer");
        for (int x = 0; x < process.symbols(); x++) {
            ArrayNode rows = transfer.addArray();
            org.ejml.data.DMatrixRMaj m = process.transfer(x).toDense();
            for (int i = 0; i < m.numRows; i++) {
                ArrayNode row = rows.addArray();
                for (int j = 0; j < m.numCols; j++) {
                    row.add(m.get(i, j));
                }
            }
        }
        root.set("initial", array(process.initial()));
        root.set("one", array(process.one()));
        return root;
    }

    static ArrayNode array(double[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    static ArrayNode array(int[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }
}
