package dev.ghmm.io.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The shared JSON reader: one line naming the JSON path and the value; a constructor's refusal is bad input, its bug is not. */
class JsonReaderTest {
    private static JsonNode json(String text) {
        return Json.parse(text.replace('\'', '"'));
    }

    private static JsonInputException refused(Runnable read) {
        return assertThrows(JsonInputException.class, read::run);
    }

    @Test
    void everyRefusalNamesThePathAndTheValue() {
        JsonNode o = json("{'w': [0.5, 'x', NaN, 3.5], 'b': 1, 'n': null}");
        JsonInputException e = refused(() -> JsonReader.number(o.get("w").get(1), "d.w[1]"));
        assertEquals("d.w[1] = \"x\" is not a number", e.getMessage());
        assertEquals("d.w[1]", e.path());
        assertEquals("d.w[2] = NaN is not finite", refused(() -> JsonReader.number(o.get("w").get(2), "d.w[2]")).getMessage());
        assertEquals("d.w[3] = 3.5 is not an integer", refused(() -> JsonReader.integer(o.get("w").get(3), "d.w[3]")).getMessage());
        assertEquals("d.w[3] = 3.5 is not an integer", refused(() -> JsonReader.longInteger(o.get("w").get(3), "d.w[3]")).getMessage());
        assertEquals("d.b = 1 is not true or false", refused(() -> JsonReader.bool(o.get("b"), "d.b")).getMessage());
        assertEquals("d.c is missing", refused(() -> JsonReader.required(o, "c", "d")).getMessage());
        assertEquals("d.n is null but required", refused(() -> JsonReader.required(o, "n", "d")).getMessage());
        assertEquals(null, JsonReader.optional(o, "n"), "an explicit null is absent");
        assertEquals("d.b = 1 is an unknown key; expected w, n", refused(() -> JsonReader.keys(o, "d", "w", "n")).getMessage());
        assertEquals("the top level = 1 is not an object", refused(() -> JsonReader.object(o.get("b"), "")).getMessage());
        assertEquals(3, JsonReader.integer(json("3.0"), "k"), "an integral number written with a point is an integer");
        assertEquals(1000, JsonReader.integer(json("1e3"), "k"), "and with an exponent");
        assertEquals("k = Infinity is not finite", refused(() -> JsonReader.number(json("1e400"), "k")).getMessage(), "beyond a double");
    }

    @Test
    void aLongValueIsShownCutToSixtyCharacters() {
        String shown = refused(() -> JsonReader.string(json("[" + "1, ".repeat(40) + "1]"), "a")).getMessage();
        assertEquals("a = " + ("[" + "1,".repeat(40)).substring(0, 59) + "… is not a string", shown);
    }

    @Test
    void aConstructorsRefusalIsBadInputAtThePath() {
        IllegalArgumentException refusal = new IllegalArgumentException("weight 1 is -0.5:\n  weights must be >= 0");
        JsonInputException e = refused(() -> JsonReader.build("s.weights", json("[1.5, -0.5]"), () -> {
            throw refusal;
        }));
        assertEquals("s.weights = [1.5,-0.5]: weight 1 is -0.5: weights must be >= 0", e.getMessage(), "one line");
        assertEquals("s.weights", e.path());
        assertSame(refusal, e.getCause());
    }

    /** A bug in a constructor (anything but its refusal of an argument) is not the file's fault: it passes unchanged, and the CLI says exit 3. */
    @Test
    void aBugInAConstructorPassesUnchanged() {
        for (RuntimeException bug : new RuntimeException[] {new NullPointerException(), new IllegalStateException("no convergence"),
            new ArithmeticException("/ by zero"), new ArrayIndexOutOfBoundsException(3)}) {
            Supplier<Object> construction = () -> {
                throw bug;
            };
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> JsonReader.build("p", null, construction));
            assertSame(bug, thrown);
        }
    }

    /** A reading of a file names it once, also on the refusal of a library call outside build (at the top level); a bug passes unchanged. */
    @Test
    void aReadingFromAFileNamesItOnce() {
        JsonInputException atPath = refused(() -> JsonReader.from("f.json", () -> JsonReader.required(json("{}"), "c", "d")));
        assertEquals("f.json: d.c is missing", atPath.getMessage());
        assertEquals("d.c", atPath.path());
        IllegalArgumentException refusal = new IllegalArgumentException("the alphabet is empty");
        JsonInputException plain = refused(() -> JsonReader.from("f.json", () -> {
            throw refusal;
        }));
        assertEquals("f.json: the alphabet is empty", plain.getMessage());
        assertEquals("", plain.path());
        assertSame(refusal, plain.getCause().getCause());
        IllegalStateException bug = new IllegalStateException("no convergence");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> JsonReader.from("f.json", () -> {
            throw bug;
        })));
    }

    @Test
    void malformedJsonIsOneLineWithItsPlace() {
        JsonInputException e = refused(() -> Json.parse("{\"a\": [1, 2}"));
        assertTrue(e.getMessage().startsWith("malformed JSON at line 1, column 12: "), e.getMessage());
        assertEquals("", e.path());
        assertTrue(refused(() -> Json.parse("{} {}")).getMessage().endsWith("more content after the end of the JSON value"));
        assertTrue(refused(() -> Json.parse("{\"a\": 1, \"a\": 2}")).getMessage().contains("Duplicate field 'a'"));
        assertEquals("file.json: d.c is missing", refused(() -> JsonReader.required(json("{}"), "c", "d")).in("file.json").getMessage());
    }
}
