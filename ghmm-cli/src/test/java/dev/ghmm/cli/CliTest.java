package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.process.ProcessFiles;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: process file in, JSON out, files written, bad input refused. */
class CliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
        JsonNode json() throws IOException {
            return Json.parse(out);
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static final String EVEN = """
            {"name": "even", "alphabet": ["0", "1"],
             "transfer": [[[0.5, 0], [0, 0]], {"rows": 2, "cols": 2, "entries": [[0, 1, 0.5], [1, 0, 1.0]]}]}
            """;

    @Test
    void describeAProcessFile() throws IOException {
        Result r = run("describe", "--process", write("even.json", EVEN).toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(2, j.get("states").asInt());
        assertTrue(j.get("hmm").asBoolean());
        // stationary (2/3, 1/3), derived in CatalogueTest
        assertEquals(2.0 / 3, j.get("initial").get(0).asDouble(), 1e-12);
        assertEquals("0 1", j.get("finestPartition").asText());
    }

    @Test
    void describeTheLaterCatalogueNames() throws IOException {
        // each name parses with its parameters; states and alphabets as in the Catalogue Javadoc
        String[][] cases = {
            {"leaky-rrxor:pR1=0.2,pR2=0.9,epsilon=0.05", "5", "0 1"},
            {"matching-parens:depth=4,p=0.4,p2=0.7", "5", "( )"},
            {"mr-name:p=0.4,q=0.25", "4", "Mr. Something Blah name"},
            {"sns:p=0.3,q=0.6", "2", "0 1"},
        };
        for (String[] c : cases) {
            Result r = run("describe", "--process", c[0]);
            assertEquals(0, r.code(), c[0] + ": " + r.err());
            JsonNode j = r.json();
            assertEquals(Integer.parseInt(c[1]), j.get("states").asInt(), c[0]);
            assertTrue(j.get("hmm").asBoolean(), c[0]);
            StringBuilder alphabet = new StringBuilder();
            j.get("alphabet").forEach(x -> alphabet.append(alphabet.length() == 0 ? "" : " ").append(x.asText()));
            assertEquals(c[2], alphabet.toString(), c[0]);
        }
        assertBad(run("describe", "--process", "matching-parens:depth=2.5"), "must be an integer");
    }

    @Test
    void evalWords() throws IOException {
        Path words = write("words.txt", "1 1\n\n0 1 0\n");
        Result r = run("eval", "--process", "z1r", "--word", "0", "--word", "1 1 1", "--words", words.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(4, lines.length);
        JsonNode first = Json.parse(lines[0]);
        assertEquals(0.5, first.get("probability").asDouble(), 1e-12);
        assertEquals(2.0 / 3, first.get("belief").get(1).asDouble(), 1e-12);
        JsonNode impossible = Json.parse(lines[1]);
        assertTrue(impossible.get("belief").isNull());
        assertTrue(impossible.has("error"));
    }

    @Test
    void checkPartitionExitCodes() throws IOException {
        assertEquals(0, run("check-partition", "--process", "z1r-prime", "--partition", "0|1 2").code());
        Result r = run("check-partition", "--process", "z1r", "--partition", "0|1 2");
        assertEquals(1, r.code());
        assertEquals(3, r.json().get("violations").size());
        assertEquals(2, run("check-partition", "--process", "z1r", "--partition", "0|1").code());
    }

    @Test
    void sampleWritesNpyFilesIdenticalForAnyThreadCount() throws IOException {
        Path one = tmp.resolve("one");
        Path four = tmp.resolve("four");
        Result r1 = run("sample", "--process", "z1r-x-z1r", "--count", "37", "--length", "11", "--seed", "5", "--out", one.toString(), "--beliefs",
                "--dtype", "float64", "--threads", "1");
        assertEquals(0, r1.code(), r1.err());
        assertEquals(0, run("sample", "--process", "z1r-x-z1r", "--count", "37", "--length", "11", "--seed", "5", "--out", four.toString(), "--beliefs",
                "--dtype", "float64", "--threads", "4").code());
        for (String f : new String[] {"tokens.npy", "beliefs.npy", "loss.npy", "next.npy", "meta.json"}) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(four.resolve(f)), f);
        }
        Npy.Array tokens = Npy.read(one.resolve("tokens.npy"));
        assertEquals(Npy.Dtype.INT32, tokens.dtype());
        assertArrayEquals(new long[] {37, 11}, tokens.shape());
        Npy.Array beliefs = Npy.read(one.resolve("beliefs.npy"));
        assertArrayEquals(new long[] {37, 12, 9}, beliefs.shape());
        // the beliefs are the exact ones along the sampled tokens
        Ghmm zz = Catalogue.z1rPrimeSquared();
        int[] seq = Arrays.copyOfRange(tokens.ints(), 11 * 5, 11 * 6);
        double[][] exact = zz.beliefs(seq);
        assertArrayEquals(exact[11], Arrays.copyOfRange(beliefs.doubles(), (5 * 12 + 11) * 9, (5 * 12 + 12) * 9), 1e-12);
        Npy.Array next = Npy.read(one.resolve("next.npy"));
        assertArrayEquals(new long[] {37, 11, 4}, next.shape());
        assertArrayEquals(zz.nextSymbolDistribution(exact[3]), Arrays.copyOfRange(next.doubles(), (5 * 11 + 3) * 4, (5 * 11 + 4) * 4), 1e-12);
        JsonNode meta = Json.readTree(one.resolve("meta.json"));
        assertEquals(5, meta.get("seed").asLong());
        try (var files = Files.list(tmp)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".ghmm-partial")));
        }
    }

    @Test
    void sampleFromAGivenInitialBelief() throws IOException {
        // Z1R started in S0 always emits 0 first
        Path dir = tmp.resolve("s0");
        assertEquals(0, run("sample", "--process", "z1r", "--count", "50", "--length", "2", "--seed", "3", "--out", dir.toString(),
                "--initial", "1 0 0").code());
        int[] tokens = Npy.read(dir.resolve("tokens.npy")).ints();
        for (int k = 0; k < 50; k++) {
            assertEquals(0, tokens[2 * k]);
            assertEquals(1, tokens[2 * k + 1]);
        }
    }

    @Test
    void npyHeaderFollowsTheSpecification() throws IOException {
        byte[] h = Npy.header(Npy.Dtype.INT32, 3, 4);
        assertEquals(0, h.length % 64);
        assertEquals((byte) 0x93, h[0]);
        assertEquals("NUMPY", new String(h, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, h[6]);
        assertEquals(0, h[7]);
        assertEquals(h.length - 10, (h[8] & 0xff) | (h[9] & 0xff) << 8);
        String dict = new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
        assertTrue(dict.startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (3, 4), }"), dict);
        assertTrue(dict.endsWith("\n"));
        assertTrue(new String(Npy.header(Npy.Dtype.FLOAT64, 7), StandardCharsets.US_ASCII).contains("'shape': (7,)"));
        Path p = tmp.resolve("x.npy");
        try (Npy.Writer w = Npy.Writer.float64(p, 2, 2)) {
            w.write(new double[] {1.5, -2, Math.PI, 0}, 0, 4);
        }
        assertArrayEquals(new double[] {1.5, -2, Math.PI, 0}, Npy.read(p).doubles());
        // 10 fixed bytes + a 60-character dict + newline = 71, padded to 128; then 4 doubles
        assertEquals(128 + 32, Files.size(p));
    }

    @Test
    void processFilesRoundTrip() throws IOException {
        Ghmm mess = Catalogue.mess3(0.05, 0.85);
        Path p = write("mess.json", ProcessFiles.toTree(mess).toString());
        var read = ProcessFiles.read(p);
        assertEquals(mess.probability(0, 2, 1), read.probability(0, 2, 1), 1e-15);
    }

    @Test
    void measuresAndMsp() throws IOException {
        // Z1R: h = 1/3 bit (derived in MeasuresTest), finite MSP
        Result r = run("measures", "--process", "z1r", "--max-length", "8");
        assertEquals(0, r.code(), r.err());
        assertEquals(1.0 / 3, r.json().get("entropyRate").asDouble(), 1e-10);
        assertTrue(r.json().get("entropyRateExact").asBoolean());
        assertEquals(9, r.json().get("blockEntropy").size());
        Result m = run("msp", "--process", "z1r-prime", "--depth", "10");
        assertEquals(7, m.json().get("size").asInt());
        assertTrue(m.json().get("finite").asBoolean());
        // the closed classes {100} and {010, 001}; four transient beliefs (MeasuresTest derives them by hand)
        assertEquals(2, m.json().get("recurrentClasses").size());
        assertEquals(4, m.json().get("transient").size());
        assertEquals(2, run("measures", "--process", "z1r", "--max-length", "-1").code());
        Path geometry = tmp.resolve("mess3.png");
        Result pictured = run("msp", "--process", "mess3", "--depth", "6", "--plot", geometry.toString(), "--colour", "probability");
        assertEquals(0, pictured.code(), pictured.err());
        PlotsTest.assertPicture(geometry, 900, 800);
        Path rates = tmp.resolve("rates.png");
        assertEquals(0, run("measures", "--process", "even", "--max-length", "6", "--plot", rates.toString()).code());
        PlotsTest.assertPicture(rates, 900, 800);
        assertBad(run("msp", "--process", "mess3", "--depth", "3", "--plot", tmp.resolve("x.jpg").toString()), "must name a .png file");
        assertBad(run("msp", "--process", "mess3", "--depth", "3", "--plot", tmp.resolve("no/x.png").toString()), "does not exist");
        assertBad(run("msp", "--process", "mess3", "--depth", "3", "--colour", "red"), "--colour \"red\"");
    }

    @Test
    void anExistingPlotIsReplacedOnlyWithOverwrite() throws IOException {
        Path png = Files.writeString(tmp.resolve("kept.png"), "not a picture");
        // measures and msp used to replace it silently
        assertBad(run("measures", "--process", "even", "--max-length", "6", "--plot", png.toString()),
                "--plot " + png + " exists: pass --overwrite to replace it");
        assertBad(run("msp", "--process", "even", "--depth", "3", "--plot", png.toString()), "--plot " + png + " exists: pass --overwrite");
        assertEquals("not a picture", Files.readString(png));
        assertEquals(0, run("measures", "--process", "even", "--max-length", "6", "--plot", png.toString(), "--overwrite").code());
        PlotsTest.assertPicture(png, 900, 800);
        Files.writeString(png, "not a picture");
        assertEquals(0, run("msp", "--process", "even", "--depth", "3", "--plot", png.toString(), "--overwrite").code());
        PlotsTest.assertPicture(png, 900, 800);
        assertBad(run("measures", "--process", "even", "--max-length", "6", "--overwrite"), "--overwrite needs --plot");
    }

    @Test
    void demoRuns() throws IOException {
        Result r = run("demo");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.json().get("partitionPreserved").asBoolean());
        assertTrue(run("demo", "--text").out().contains("sector block sizes (eq. 2.23): [1, 2, 2, 4]"));
    }

    /** Bad input is one line and exit 2; the corpus of such cases is BadInputCorpusTest's badinput/cases.tsv. */
    static void assertBad(Result r, String fragment) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(fragment), () -> "stderr \"" + r.err() + "\" lacks \"" + fragment + "\"");
        assertEquals(1, r.err().strip().split("\n").length, r.err());
    }
}
