package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ghmm sample}: outputs, dtype, BOS, shards, metadata and safe output directories. */
class SampleDatasetTest {
    @TempDir
    Path tmp;

    private CliTest.Result sample(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sample", "--process", "mess3:x=0.15,alpha=0.6", "--count", "9", "--length", "6", "--seed", "11",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void anOutputHoldingTheProcessFileIsRefused() throws IOException {
        Path ds = Files.createDirectory(tmp.resolve("ds"));
        Path process = Files.writeString(ds.resolve("p.json"), "{\"catalogue\": \"mess3\"}");
        CliTest.Result r = run("sample", "--process", process.toString(), "--count", "2", "--length", "3", "--seed", "1", "--out", ds.toString(),
                "--overwrite");
        assertEquals(2, r.code(), r.err());
        assertEquals("ghmm sample: --out " + ds + " holds the input " + process + ", which writing it would delete: choose another --out\n", r.err());
        assertTrue(Files.exists(process));
    }

    @Test
    void float32OutputsAreTheFloat64OnesRoundedAndTokensDoNotDependOnTheDtype() throws IOException {
        String outputs = "tokens,beliefs,next,loss,logprob";
        assertEquals(0, sample(tmp.resolve("d64"), "--outputs", outputs, "--dtype", "float64").code());
        assertEquals(0, sample(tmp.resolve("d32"), "--outputs", outputs).code());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("d64/tokens.npy")), Files.readAllBytes(tmp.resolve("d32/tokens.npy")));
        for (String f : new String[] {"beliefs.npy", "next.npy", "loss.npy", "logprob.npy"}) {
            Npy.Array wide = Npy.read(tmp.resolve("d64").resolve(f));
            Npy.Array single = Npy.read(tmp.resolve("d32").resolve(f));
            assertEquals(Npy.Dtype.FLOAT64, wide.dtype());
            assertEquals(Npy.Dtype.FLOAT32, single.dtype());
            assertArrayEquals(wide.shape(), single.shape(), f);
            for (int k = 0; k < wide.doubles().length; k++) {
                assertEquals((float) wide.doubles()[k], (float) single.doubles()[k], f + "[" + k + "]");
            }
        }
    }

    /**
     * Simplexity's normalisation ⟨⟨η|w⟩⟩ = 1, w = S·|1⟩⟩/Σ|1⟩⟩: Tom Quantum has |1⟩⟩ = (1, 0, 0), so w = (3, 0, 0) and
     * every belief is a third of ghmm's (whose entries lie in [−1, 1] with row sums from 1 − √2 to 1 + √2); a factor of
     * Mess3 (|1⟩⟩ = 𝟏, an HMM) is unchanged, and the joint of both is scaled by 1/3 · 1.
     */
    @Test
    void simplexityNormalisationScalesEveryBeliefBySumOfOneOverS() throws IOException {
        String[] common = {"sample", "--count", "7", "--length", "5", "--seed", "3", "--dtype", "float64", "--outputs", "tokens,beliefs"};
        Path plain = tmp.resolve("plain");
        Path peer = tmp.resolve("peer");
        assertEquals(0, run(concat(common, "--process", "tom-quantum", "--out", plain.toString())).code());
        assertEquals(0, run(concat(common, "--process", "tom-quantum", "--out", peer.toString(), "--simplexity-normalisation")).code());
        double[] a = Npy.read(plain.resolve("beliefs.npy")).doubles();
        double[] b = Npy.read(peer.resolve("beliefs.npy")).doubles();
        double lowest = 0;
        for (int k = 0; k < a.length; k++) {
            assertEquals(a[k] / 3, b[k], 1e-16, "entry " + k);
            lowest = Math.min(lowest, a[k]);
        }
        assertTrue(lowest < 0, "ghmm's beliefs of Tom Quantum have negative entries");
        for (int row = 0; row < a.length / 3; row++) {
            assertEquals(1, 3 * b[3 * row], 1e-15, "⟨⟨η|w⟩⟩ of row " + row);
        }
        assertEquals("simplexity", Json.readTree(peer.resolve("meta.json")).get("beliefNormalisation").asText());
        // without the option the key is absent, so such datasets keep their bytes (DatasetBytesTest)
        assertFalse(Json.readTree(plain.resolve("meta.json")).has("beliefNormalisation"));

        // an HMM: the same bytes
        assertEquals(0, sample(tmp.resolve("h1"), "--outputs", "tokens,beliefs").code());
        assertEquals(0, sample(tmp.resolve("h2"), "--outputs", "tokens,beliefs", "--simplexity-normalisation").code());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("h1/beliefs.npy")), Files.readAllBytes(tmp.resolve("h2/beliefs.npy")));

        // factors: Tom Quantum's scaled by 1/3, Mess3's unchanged, the joint by 1/3
        Path file = Files.writeString(tmp.resolve("tq-mess3.json"),
                "{\"factored\": {\"structure\": \"independent\", \"factors\": [{\"variants\": [\"tom-quantum\"]}, {\"variants\": [\"mess3\"]}]}}");
        String[] factored = {"sample", "--process", file.toString(), "--count", "4", "--length", "3", "--seed", "5", "--dtype", "float64", "--outputs",
            "tokens,beliefs,factor-beliefs"};
        assertEquals(0, run(concat(factored, "--out", tmp.resolve("f1").toString())).code());
        assertEquals(0, run(concat(factored, "--out", tmp.resolve("f2").toString(), "--simplexity-normalisation")).code());
        for (String[] c : new String[][] {{"beliefs.f0.npy", "3"}, {"beliefs.f1.npy", "1"}, {"beliefs.npy", "3"}}) {
            double[] x = Npy.read(tmp.resolve("f1").resolve(c[0])).doubles();
            double[] y = Npy.read(tmp.resolve("f2").resolve(c[0])).doubles();
            for (int k = 0; k < x.length; k++) {
                assertEquals(x[k] / Double.parseDouble(c[1]), y[k], 1e-16, c[0] + "[" + k + "]");
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void logprobIsTheRunningSumOfTheLogProbabilitiesOfThePrefixes() throws IOException {
        assertEquals(0, sample(tmp.resolve("d"), "--outputs", "tokens,logprob", "--dtype", "float64").code());
        int[] tokens = Npy.read(tmp.resolve("d/tokens.npy")).ints();
        double[] logprob = Npy.read(tmp.resolve("d/logprob.npy")).doubles();
        Ghmm mess3 = Catalogue.mess3(0.15, 0.6);
        for (int k = 0; k < 9; k++) {
            for (int t = 1; t <= 6; t++) {
                // ln Pr(x_1..x_t) by the process from scratch
                assertEquals(mess3.logProbability(Arrays.copyOfRange(tokens, 6 * k, 6 * k + t)), logprob[6 * k + t - 1], 1e-12);
            }
        }
        assertFalse(Files.exists(tmp.resolve("d/beliefs.npy")), "only the requested files are written");
    }

    @Test
    void bosShiftsEveryPerPositionOutputByOne() throws IOException {
        String outputs = "tokens,beliefs,next,loss,logprob";
        assertEquals(0, sample(tmp.resolve("plain"), "--outputs", outputs, "--dtype", "float64").code());
        assertEquals(0, sample(tmp.resolve("bos"), "--outputs", outputs, "--dtype", "float64", "--bos").code());
        Npy.Array tokens = Npy.read(tmp.resolve("plain/tokens.npy"));
        Npy.Array bosTokens = Npy.read(tmp.resolve("bos/tokens.npy"));
        assertArrayEquals(new long[] {9, 7}, bosTokens.shape());
        for (int k = 0; k < 9; k++) {
            assertEquals(3, bosTokens.ints()[7 * k], "BOS id is |X|");
            assertArrayEquals(Arrays.copyOfRange(tokens.ints(), 6 * k, 6 * k + 6), Arrays.copyOfRange(bosTokens.ints(), 7 * k + 1, 7 * k + 7));
        }
        assertArrayEquals(Files.readAllBytes(tmp.resolve("plain/beliefs.npy")), Files.readAllBytes(tmp.resolve("bos/beliefs.npy")),
                "beliefs keep shape [N, L+1]: the BOS row is the initial belief");
        for (String f : new String[] {"loss.npy", "logprob.npy", "next.npy"}) {
            Npy.Array plain = Npy.read(tmp.resolve("plain").resolve(f));
            Npy.Array shifted = Npy.read(tmp.resolve("bos").resolve(f));
            int width = f.equals("next.npy") ? 3 : 1;
            assertEquals(plain.shape()[1] + 1, shifted.shape()[1], f);
            for (int k = 0; k < 9; k++) {
                for (int c = 0; c < width; c++) {
                    assertEquals(0.0, shifted.doubles()[k * 7 * width + c], f + ": the BOS row is 0");
                }
                assertArrayEquals(Arrays.copyOfRange(plain.doubles(), k * 6 * width, (k + 1) * 6 * width),
                        Arrays.copyOfRange(shifted.doubles(), (k * 7 + 1) * width, (k + 1) * 7 * width), f);
            }
        }
        JsonNode meta = Json.readTree(tmp.resolve("bos/meta.json"));
        assertEquals(3, meta.get("bos").asInt());
        assertTrue(Json.readTree(tmp.resolve("plain/meta.json")).get("bos").isNull());
    }

    @Test
    void shardsAreByteIdenticalToTheRowsOfTheWhole() throws IOException {
        assertEquals(0, run("sample", "--process", "z1r-x-z1r", "--count", "10", "--length", "5", "--seed", "4", "--out", tmp.resolve("all").toString(),
                "--outputs", "tokens,beliefs").code());
        assertEquals(0, run("sample", "--process", "z1r-x-z1r", "--count", "3", "--length", "5", "--seed", "4", "--out", tmp.resolve("part").toString(),
                "--outputs", "tokens,beliefs", "--first", "6").code());
        Npy.Array all = Npy.read(tmp.resolve("all/beliefs.npy"));
        Npy.Array part = Npy.read(tmp.resolve("part/beliefs.npy"));
        assertArrayEquals(Arrays.copyOfRange(all.doubles(), 6 * 6 * 9, 9 * 6 * 9), part.doubles());
        assertArrayEquals(Arrays.copyOfRange(Npy.read(tmp.resolve("all/tokens.npy")).ints(), 30, 45), Npy.read(tmp.resolve("part/tokens.npy")).ints());
        JsonNode meta = Json.readTree(tmp.resolve("part/meta.json"));
        assertEquals(6, meta.get("first").asLong());
        assertEquals(3, meta.get("count").asLong());
    }

    @Test
    void metadataDescribesTheDatasetAndIsTheSameForAnyThreadCount() throws IOException {
        assertEquals(0, sample(tmp.resolve("t1"), "--threads", "1").code());
        assertEquals(0, sample(tmp.resolve("t2"), "--threads", "2").code());
        try (var files = Files.list(tmp.resolve("t1"))) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(tmp.resolve("t2").resolve(f.getFileName())), f.toString());
            }
        }
        JsonNode meta = Json.readTree(tmp.resolve("t1/meta.json"));
        assertEquals("ghmm-dataset/1", meta.get("format").asText());
        assertEquals("mess3:x=0.15,alpha=0.6", meta.get("process").asText());
        assertEquals("float32", meta.get("dtype").asText());
        assertEquals(List.of("tokens", "beliefs"), names(meta.get("outputs")), "the default for a process that is not factored");
        assertEquals("[9,7,3]", meta.get("outputs").get(1).get("shape").toString());
        assertEquals("[\"0\",\"1\",\"2\"]", meta.get("alphabet").toString());
        assertEquals(0, meta.get("factors").size());
        for (String key : new String[] {"seed", "first", "count", "length", "version"}) {
            assertTrue(meta.has(key), key);
        }
    }

    private static List<String> names(JsonNode outputs) {
        List<String> names = new ArrayList<>();
        outputs.forEach(o -> names.add(o.get("name").asText()));
        return names;
    }

    @Test
    void aNonEmptyOutputIsRefusedUnlessOverwriteWhichReplacesItWhole() throws IOException {
        Path out = tmp.resolve("data");
        assertEquals(0, sample(out, "--outputs", "tokens,beliefs").code());
        byte[] before = Files.readAllBytes(out.resolve("beliefs.npy"));
        CliTest.Result refused = sample(out, "--outputs", "tokens");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("is not empty: pass --overwrite"), refused.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("beliefs.npy")), "a refused run changes nothing");
        assertEquals(0, sample(out, "--outputs", "tokens", "--overwrite").code());
        assertFalse(Files.exists(out.resolve("beliefs.npy")), "no mixed dataset: the old beliefs went with the old directory");
        assertTrue(Files.exists(out.resolve("tokens.npy")));
        // an existing empty directory is fine
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertEquals(0, sample(empty).code());
        try (var files = Files.list(tmp)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary directory is left");
        }
    }

    @Test
    void aFailedRunLeavesNoNewDirectory() {
        Path out = tmp.resolve("never");
        CliTest.Result r = sample(out, "--outputs", "tokens,factor-beliefs");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("factor-beliefs needs a factored process"), r.err());
        assertFalse(Files.exists(out));
        assertEquals(2, sample(out, "--outputs", "tokens,colours").code());
        assertEquals(2, sample(out, "--dtype", "float16").code());
        assertEquals(2, sample(out, "--beliefs", "--outputs", "tokens").code());
        assertFalse(Files.exists(out));
    }
}
