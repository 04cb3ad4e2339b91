package dev.ghmm.io.process;

import static dev.ghmm.testing.ProcessChecks.assertSameSampledWords;
import static dev.ghmm.testing.ProcessChecks.assertSameWords;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.io.json.JsonInputException;
import dev.ghmm.io.json.Json;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process file format: every form read, composites written back, and the same process after a round trip. */
class ProcessFilesTest {
    @TempDir
    Path tmp;

    private static String json(String text) {
        return text.replace('\'', '"');
    }

    private Process roundTrip(Process p) throws IOException {
        Path file = tmp.resolve("p.json");
        Files.writeString(file, ProcessFiles.toJson(p));
        return ProcessFiles.read(file);
    }

    /** One process of every kind and structure, nested. */
    private static Map<String, Process> processes() {
        Map<String, Process> cases = new LinkedHashMap<>();
        cases.put("HMM", Catalogue.mess3(0.05, 0.85));
        cases.put("GHMM with negative entries", Catalogue.tomQuantum(1, 2));
        // HMM matrices with a negative initial vector: a GHMM, written without "hmm": true
        cases.put("stochastic with a negative initial vector", Ghmm.of(new double[][][] {{{0.5, 0}, {0, 0.5}}, {{0, 0.5}, {0.5, 0}}},
                new double[] {-1, 2}));
        cases.put("direct sum joined by name", DirectSum.of(new double[] {0.3, 0.7}, Catalogue.mess3(0.15, 0.6), Catalogue.z1r()));
        cases.put("direct sum with symbol maps", DirectSum.of(new double[] {0.25, 0.75}, List.of(Catalogue.biasedCoin(0.3), Catalogue.biasedCoin(0.8)),
                Alphabet.of("h", "t", "x", "y"), new int[][] {{0, 1}, {2, 3}}));
        cases.put("independent", FactoredCatalogue.z1rPrimeSquared());
        cases.put("factors that are direct sums", FactoredCatalogue.personas());
        cases.put("chain", FactoredProcess.builder()
                .factor(Catalogue.biasedCoin(0.5))
                .factor(Catalogue.zeroOneRandom(0.1), Catalogue.zeroOneRandom(0.9))
                .factor(Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.05, 0.85)).chain(2, new int[] {1, 0})
                .chain().build());
        cases.put("control by two parents", FactoredProcess.builder()
                .factor(Catalogue.biasedCoin(0.3))
                .factor(Catalogue.biasedCoin(0.6))
                .factor(Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.05, 0.85), Catalogue.mess3(0.5, 0.21))
                .control(2, new int[] {1, 0}, new int[] {0, 1, 2, 1})
                .build());
        cases.put("a factor that is factored", FactoredProcess.of(FactoredProcess.of(Catalogue.biasedCoin(0.2), Catalogue.even(0.5)),
                Catalogue.mess3(0.15, 0.6)));
        return cases;
    }

    @Test
    void writingAndReadingGivesTheSameProbabilitiesOfAllWordsUpToLengthThree() throws IOException {
        for (Map.Entry<String, Process> c : processes().entrySet()) {
            Process p = c.getValue();
            Process back = roundTrip(p);
            assertEquals(p.getClass(), back.getClass(), c.getKey());
            assertEquals(p.states(), back.states(), c.getKey());
            assertSameWords(p, back, 3, 1e-14);
        }
    }

    @Test
    void theCompositeFormKeepsTheStructure() throws IOException {
        JsonNode chain = ProcessFiles.toTree(processes().get("chain")).get("factored");
        assertEquals("chain", chain.get("structure").asText());
        assertTrue(chain.get("factors").get(0).get("control") == null, "factor 0 of a chain has no control");
        assertEquals("[0,1]", chain.get("factors").get(1).get("control").toString(), "the chain() default: variant = parent symbol");
        assertEquals("[1,0]", chain.get("factors").get(2).get("control").toString());
        JsonNode control = ProcessFiles.toTree(processes().get("control by two parents")).get("factored");
        assertEquals("control", control.get("structure").asText());
        assertEquals("{\"parents\":[1,0],\"table\":[0,1,2,1]}", control.get("factors").get(2).get("control").toString());
        JsonNode sum = ProcessFiles.toTree(processes().get("direct sum with symbol maps")).get("directSum");
        assertEquals("[[\"h\",\"t\"],[\"x\",\"y\"]]", sum.get("symbols").toString());
        assertTrue(ProcessFiles.toTree(processes().get("direct sum joined by name")).get("directSum").get("symbols") == null,
                "symbols are written only when the components' own names would not do");
        assertTrue(ProcessFiles.toTree(Catalogue.mess3(0.15, 0.6)).get("hmm").asBoolean());
    }

    @Test
    void theShaiChainSurvivesARoundTrip() throws IOException {
        FactoredProcess chain = FactoredCatalogue.shaiChain();
        Process back = roundTrip(chain);
        assertSameWords(chain, back, 1, 1e-14);
        assertSameSampledWords(chain, back, 20, 30, 3);
    }

    @Test
    void aCatalogueReferenceIsTheCatalogueStringAndNamesItsParameters() throws IOException {
        Ghmm expected = Catalogue.mess3(0.05, 0.85);
        Process object = ProcessFiles.parse(json("{'catalogue': 'mess3', 'params': {'x': 0.05, 'alpha': 0.85}}"));
        Process string = ProcessFiles.parse(json("'mess3:x=0.05,alpha=0.85'"));
        assertSameWords(expected, object, 3, 0);
        assertSameWords(expected, string, 3, 0);
        assertEquals("mess3:x=0.05,alpha=0.85", object.name());
        assertEquals("z1r-prime", ProcessFiles.parse(json("{'catalogue': 'z1r-prime'}")).name());
        // an integer parameter written as a JSON integer
        assertEquals(5, ProcessFiles.parse(json("{'catalogue': 'matching-parens', 'params': {'depth': 4}}")).states());
        // a catalogue string inside a composite
        Process mixed = ProcessFiles.parse(json("{'directSum': {'components': ['coin:p=0.2', {'catalogue': 'coin', 'params': {'p': 0.6}}], 'weights': [0.5, 0.5]}}"));
        assertEquals(0.5 * 0.2 + 0.5 * 0.6, mixed.probability(1), 1e-15);
    }

    @Test
    void directSumsNestAsDeepAsJacksonReads() throws IOException {
        // three JSON levels per direct sum: 300 of them stay under Jackson's nesting limit of 1000
        String nested = "'coin:p=0.25'";
        for (int level = 0; level < 300; level++) {
            nested = "{'directSum': {'components': [" + nested + "], 'weights': [1]}}";
        }
        Process p = ProcessFiles.parse(json(nested));
        assertEquals(0.25, p.probability(1), 1e-15);
    }

    @Test
    void hmmTrueMakesTheHmmConditionsARequirement() throws IOException {
        String even = "{'alphabet': ['0', '1'], 'transfer': [[[0.5, 0], [0, 0]], [[0, 0.5], [1, 0]]], 'hmm': true}";
        assertTrue(((Ghmm) ProcessFiles.parse(json(even))).isHmm());
        JsonNode tom = ProcessFiles.toTree(Catalogue.tomQuantum(1, 2));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tom).put("hmm", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcessFiles.fromTree(tom));
        assertTrue(e.getMessage().startsWith("not an HMM: T(0)[1][1] = -0.15"), e.getMessage());
        // without it the same matrices are a valid GHMM
        ((com.fasterxml.jackson.databind.node.ObjectNode) tom).remove("hmm");
        assertSameWords(Catalogue.tomQuantum(1, 2), ProcessFiles.fromTree(tom), 2, 1e-15);
    }

    @Test
    void specJsonIsTheFileOrTheCatalogueString() throws IOException {
        Path file = tmp.resolve("personas.json");
        Files.writeString(file, ProcessFiles.toTree(FactoredCatalogue.personas()).toString());
        assertEquals(Json.readTree(file), ProcessFiles.specJson(file.toString()));
        assertEquals("mess3:x=0.1", ProcessFiles.specJson("mess3:x=0.1").asText());
        // either one is a process specification again
        assertSameWords(ProcessFiles.load(file.toString()), ProcessFiles.fromTree(ProcessFiles.specJson(file.toString())), 2, 0);
        assertSameWords(Catalogue.mess3(0.1, 0.6), ProcessFiles.fromTree(ProcessFiles.specJson("mess3:x=0.1")), 2, 0);
    }

    @Test
    void aDirectSumWhoseAlphabetTheFormatCannotExpressIsRefusedWhenWritten() {
        DirectSum reordered = DirectSum.of(new double[] {0.5, 0.5}, List.of(Catalogue.biasedCoin(0.3), Catalogue.biasedCoin(0.8)),
                Alphabet.of("a", "b", "c"), new int[][] {{1, 0}, {1, 2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcessFiles.toTree(reordered));
        assertTrue(e.getMessage().contains("order of first appearance"), e.getMessage());
        assertArrayEquals(new String[] {"a", "b", "c"}, reordered.alphabet().names());
    }

    private String refusedFile(String name, String text) throws IOException {
        Path file = Files.writeString(tmp.resolve(name), json(text));
        return assertThrows(JsonInputException.class, () -> ProcessFiles.read(file)).getMessage();
    }

    /**
     * Refusals that depend only on the file but come from library calls (a stationary solve, the alphabet of a direct
     * sum, a sparse matrix) are JsonInputExceptions naming the file, the JSON path and the value.
     */
    @Test
    void refusalsOfLibraryCallsNameTheFileAndThePath() throws IOException {
        assertEquals(tmp.resolve("gth.json") + ": a state of a closed class has no transition to the rest of its class",
                refusedFile("gth.json", "{'alphabet': ['a'], 'transfer': [[[0, 1, 0], [0, 1, 1e-300], [1e-300, 1, 0]]]}"));
        assertEquals(tmp.resolve("ovf.json") + ": vocab_maps[0][1] = 2147483647 is too large: tokens are at most 2147483646",
                refusedFile("ovf.json", "{'type': 'nonergodic', 'components': [{'type': 'hmm', 'transition_matrices': [[[0.5]], [[0.5]]]}], "
                        + "'weights': [1], 'vocab_maps': [[0, 2147483647]]}"));
        assertEquals(tmp.resolve("big.json") + ": transfer[0].rows = 2147483647 is too large: a matrix has at most 2147483646 rows",
                refusedFile("big.json", "{'alphabet': ['a'], 'transfer': [{'rows': 2147483647, 'cols': 2147483647, 'entries': []}]}"));
    }

    /** A catalogue string given for a process is named in front of the catalogue's refusal, at the top level. */
    @Test
    void aRefusedCatalogueStringIsNamedInFront() {
        JsonInputException e = assertThrows(JsonInputException.class, () -> ProcessFiles.load("mess3:x=0.9"));
        assertEquals("mess3:x=0.9: mess3 needs x <= 1/2 so that 1 − 2x >= 0, got x = 0.9", e.getMessage(), "the text of the old message");
        assertEquals("", e.path());
    }

    /** The contract of a bad file: a JsonInputException whose one line starts with the file and names the JSON path. */
    @Test
    void aBadFileIsAJsonInputExceptionNamingTheFileAndThePath() throws IOException {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, json("{'factored': {'structure': 'chain', 'factors': [{'variants': ['coin']}, "
                + "{'variants': ['coin', 'z1r'], 'control': [0, 7]}]}}"));
        JsonInputException e = assertThrows(JsonInputException.class, () -> ProcessFiles.read(file));
        assertEquals("factored.factors[1].variants[1]", e.path());
        assertTrue(e.getMessage().startsWith(file + ": factored.factors[1].variants[1] has dimension 3 but"), e.getMessage());
        Files.writeString(file, json("{'alphabet': ['a'], 'transfer': [[[0.5]]]}"));
        JsonInputException refused = assertThrows(JsonInputException.class, () -> ProcessFiles.read(file));
        assertEquals("", refused.path(), "the builder refuses the top-level process");
        assertInstanceOf(IllegalArgumentException.class, refused.getCause().getCause(), "the builder's own refusal is the cause");
        Files.writeString(file, "{\"alphabet\": ");
        assertTrue(assertThrows(JsonInputException.class, () -> ProcessFiles.read(file)).getMessage().startsWith(file + ": malformed JSON at line 1"));
        assertEquals("factored.factors[1].control[0] = 7 is not a variant of factor 1, which has 2 variants (0 to 1)",
                assertThrows(JsonInputException.class, () -> ProcessFiles.parse("{\"factored\": {\"structure\": \"chain\", \"factors\": "
                        + "[{\"variants\": [\"coin\"]}, {\"variants\": [\"coin:p=0.2\", \"coin\"], \"control\": [7, 0]}]}}")).getMessage());
    }
}
