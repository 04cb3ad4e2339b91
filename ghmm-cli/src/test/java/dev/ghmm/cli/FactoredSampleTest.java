package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static dev.ghmm.cli.ShippedProcesses.shipped;
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
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five-factor chain of Shai et al. from docs/processes on the command line: sampled, described, regenerated. */
class FactoredSampleTest {
    private static final int COUNT = 40;
    private static final int LENGTH = 30;

    @TempDir
    Path tmp;

    private CliTest.Result sample(Path process, Path out, String... extra) {
        String[] args = {"sample", "--process", process.toString(), "--count", Integer.toString(COUNT), "--length", Integer.toString(LENGTH),
            "--seed", "9", "--out", out.toString()};
        String[] all = Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return run(all);
    }

    /**
     * The chain by hand, as FactoredCatalogue.shaiChain() documents it: factor 0 is Mess3(0.15, 0.6); factors 1, 2
     * choose among four Mess3 by the maps [2, 3, 0] and [1, 3, 2] of their parent's symbol; factors 3, 4 among four
     * Tom Quantum by [2, 0, 3] and [1, 3, 0, 2]. variants[f][k] is variant k of factor f.
     */
    private static Ghmm[][] variants() {
        Ghmm[] mess3 = {Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.11, 0.79), Catalogue.mess3(0.5, 0.6), Catalogue.mess3(0.5, 0.21)};
        Ghmm[] tom = {Catalogue.tomQuantum(1, 1), Catalogue.tomQuantum(1, 4), Catalogue.tomQuantum(1, Math.sqrt(51)), Catalogue.tomQuantum(1, 2)};
        return new Ghmm[][] {{mess3[0]}, mess3, mess3, tom, tom};
    }

    private static final int[][] MAPS = {null, {2, 3, 0}, {1, 3, 2}, {2, 0, 3}, {1, 3, 0, 2}};
    private static final int[] SYMBOLS = {3, 3, 3, 4, 4};

    @Test
    void factorBeliefsFilterTheTokensExactly() throws IOException {
        Path out = tmp.resolve("chain");
        CliTest.Result r = sample(shipped("shai-chain.json"), out, "--dtype", "float64");
        assertEquals(0, r.code(), r.err());
        int[] tokens = Npy.read(out.resolve("tokens.npy")).ints();
        assertFalse(Files.exists(out.resolve("beliefs.npy")), "a factored process writes factor beliefs by default, not the joint");
        Ghmm[][] variants = variants();
        int factors = variants.length;
        double[][] beliefs = new double[factors][];
        DMatrixRMaj[][][] transfer = new DMatrixRMaj[factors][][];
        for (int f = 0; f < factors; f++) {
            Npy.Array file = Npy.read(out.resolve("beliefs.f" + f + ".npy"));
            assertEquals(Npy.Dtype.FLOAT64, file.dtype());
            assertArrayEquals(new long[] {COUNT, LENGTH + 1, 3}, file.shape());
            beliefs[f] = file.doubles();
            transfer[f] = new DMatrixRMaj[variants[f].length][SYMBOLS[f]];
            for (int k = 0; k < variants[f].length; k++) {
                for (int x = 0; x < SYMBOLS[f]; x++) {
                    transfer[f][k][x] = variants[f][k].transfer(x).toDense();
                }
            }
        }
        for (int n = 0; n < COUNT; n++) {
            double[][] eta = new double[factors][];
            for (int f = 0; f < factors; f++) {
                eta[f] = variants[f][0].initial();
                assertArrayEquals(eta[f], row(beliefs[f], n, 0), 1e-12, "initial belief of factor " + f);
            }
            for (int t = 0; t < LENGTH; t++) {
                // the joint token, the last factor fastest
                int[] x = new int[factors];
                int rest = tokens[n * LENGTH + t];
                for (int f = factors - 1; f >= 0; f--) {
                    x[f] = rest % SYMBOLS[f];
                    rest /= SYMBOLS[f];
                }
                assertEquals(0, rest);
                for (int f = 0; f < factors; f++) {
                    int k = f == 0 ? 0 : MAPS[f][x[f - 1]];
                    // η_f ← η_f T(x_f) / (η_f T(x_f) 1_f)
                    DMatrixRMaj m = transfer[f][k][x[f]];
                    double[] next = new double[3];
                    for (int j = 0; j < 3; j++) {
                        for (int i = 0; i < 3; i++) {
                            next[j] += eta[f][i] * m.get(i, j);
                        }
                    }
                    double[] one = variants[f][k].one();
                    double norm = next[0] * one[0] + next[1] * one[1] + next[2] * one[2];
                    assertTrue(norm > 0, "the sampled symbol is possible");
                    for (int j = 0; j < 3; j++) {
                        next[j] /= norm;
                    }
                    eta[f] = next;
                    assertArrayEquals(eta[f], row(beliefs[f], n, t + 1), 1e-12, "sequence " + n + ", position " + (t + 1) + ", factor " + f);
                }
            }
        }
    }

    private static double[] row(double[] beliefs, int sequence, int position) {
        int at = (sequence * (LENGTH + 1) + position) * 3;
        return Arrays.copyOfRange(beliefs, at, at + 3);
    }

    @Test
    void theDefaultsAreTokensAndFloat32FactorBeliefs() throws IOException {
        Path out = tmp.resolve("default");
        assertEquals(0, sample(shipped("shai-chain.json"), out).code());
        try (var files = Files.list(out)) {
            assertEquals("[beliefs.f0.npy, beliefs.f1.npy, beliefs.f2.npy, beliefs.f3.npy, beliefs.f4.npy, meta.json, tokens.npy]",
                    files.map(p -> p.getFileName().toString()).sorted().toList().toString());
        }
        for (int f = 0; f < 5; f++) {
            Npy.Array file = Npy.read(out.resolve("beliefs.f" + f + ".npy"));
            assertEquals(Npy.Dtype.FLOAT32, file.dtype());
            assertArrayEquals(new long[] {COUNT, LENGTH + 1, 3}, file.shape());
        }
        JsonNode meta = Json.readTree(out.resolve("meta.json"));
        assertEquals(5, meta.get("factors").size());
        assertEquals(432, meta.get("alphabet").size());
    }

    @Test
    void aDatasetIsRegeneratedFromTheProcessInItsMetadata() throws IOException {
        Path first = tmp.resolve("first");
        assertEquals(0, sample(shipped("shai-chain.json"), first).code());
        JsonNode meta = Json.readTree(first.resolve("meta.json"));
        assertEquals(Json.readTree(shipped("shai-chain.json")), meta.get("process"), "the full specification");
        Path spec = tmp.resolve("from-meta.json");
        Files.writeString(spec, meta.get("process").toString());
        Path again = tmp.resolve("again");
        assertEquals(0, sample(spec, again).code());
        for (String f : new String[] {"tokens.npy", "beliefs.f0.npy", "beliefs.f4.npy"}) {
            assertArrayEquals(Files.readAllBytes(first.resolve(f)), Files.readAllBytes(again.resolve(f)), f);
        }
    }

    @Test
    void describeShowsTheFactorsWithoutTheJoint() throws IOException {
        CliTest.Result r = run("describe", "--process", shipped("shai-chain.json").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode d = r.json();
        assertEquals("factored", d.get("kind").asText());
        assertEquals("chain", d.get("structure").asText());
        assertEquals(243, d.get("states").asInt());
        assertEquals(432, d.get("alphabetSize").asInt());
        JsonNode factor3 = d.get("factors").get(3);
        assertEquals(3, factor3.get("dimension").asInt());
        assertEquals("[\"0\",\"1\",\"2\",\"3\"]", factor3.get("alphabet").toString());
        assertEquals("{\"parents\":[2],\"table\":[2,0,3]}", factor3.get("control").toString());
        assertEquals("tom-quantum:alpha=1,beta=7.14142842854285", factor3.get("variants").get(2).get("name").asText());
        assertTrue(d.get("factors").get(0).get("control").isNull());
        assertFalse(d.has("stationary"));
        String text = run("describe", "--process", shipped("shai-chain.json").toString(), "--text").out();
        assertTrue(text.startsWith("factored process "), text);
        assertTrue(text.contains("5 factors, structure chain, joint dimension 243, 432 symbols"), text);
        assertTrue(text.contains("  factor 4: dimension 3, alphabet 0 1 2 3, 4 variants, control by factor 3: table [1, 3, 0, 2]\n"), text);
        assertTrue(text.contains("    variant 1: mess3:x=0.11,alpha=0.79 (HMM, 3 states, alphabet 0 1 2)\n"), text);
    }

    @Test
    void describeShowsTheComponentsAndWeightsOfADirectSum() throws IOException {
        Path file = tmp.resolve("sum.json");
        Files.writeString(file, """
                {"directSum": {"components": ["coin:p=0.2", {"catalogue": "mess3"}], "weights": [0.25, 0.75],
                               "symbols": [["H", "T"], ["H", "T", "E"]]}}
                """);
        CliTest.Result r = run("describe", "--process", file.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode d = r.json();
        assertEquals("directSum", d.get("kind").asText());
        assertEquals("[0.25,0.75]", d.get("weights").toString());
        assertEquals("[\"H\",\"T\",\"E\"]", d.get("alphabet").toString());
        assertEquals(4, d.get("states").asInt());
        assertEquals("[\"H\",\"T\"]", d.get("components").get(0).get("symbols").toString());
        assertEquals(0.75, d.get("components").get(1).get("weight").asDouble());
        assertEquals("""
                direct sum coin:p=0.2 + mess3:x=0.15,alpha=0.6: 2 components, dimension 4, alphabet H T E
                  component 0, weight 0.25: coin:p=0.2 (HMM, 1 state, alphabet 0 1)
                  component 1, weight 0.75: mess3:x=0.15,alpha=0.6 (HMM, 3 states, alphabet 0 1 2)
                """, run("describe", "--process", file.toString(), "--text").out());
    }
}
