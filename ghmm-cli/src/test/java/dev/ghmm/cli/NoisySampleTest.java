package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Noisy processes on the command line: the {@code noisy} process-file form, the {@code factor-gap} output, and ε = 0
 * giving the clean process's bytes. The beliefs are checked against a filter written here from the definition of the
 * blurred GHMM T′(x) = (1 − ε)T(x) + (ε/|𝒳|)Σ<sub>y</sub>T(y) of Mess3 ⊗ Mess3.
 */
class NoisySampleTest {
    private static final int COUNT = 20;
    private static final int LENGTH = 12;
    private static final String MESS = "{\"catalogue\": \"mess3\", \"params\": {\"x\": 0.15, \"alpha\": 0.6}}";
    private static final String PAIR = "{\"factored\": {\"structure\": \"independent\", \"factors\": [{\"variants\": [" + MESS + "]}, {\"variants\": ["
            + MESS + "]}]}}";

    @TempDir
    Path tmp;

    private Path noisy(String process, double epsilon, String over, String updates) throws IOException {
        Path file = tmp.resolve("noisy-" + epsilon + "-" + over + "-" + updates + ".json");
        Files.writeString(file, "{\"noisy\": {\"process\": " + process + ", \"epsilon\": " + epsilon + ", \"over\": \"" + over
                + "\", \"updates\": \"" + updates + "\"}}");
        return file;
    }

    private CliTest.Result sample(String process, Path out, String outputs) {
        return run("sample", "--process", process, "--count", Integer.toString(COUNT), "--length", Integer.toString(LENGTH), "--seed", "5",
                "--out", out.toString(), "--outputs", outputs, "--dtype", "float64");
    }

    @Test
    void jointBeliefsFactorBeliefsAndGapFollowTheBlurredGhmm() throws IOException {
        double epsilon = 0.2;
        Path out = tmp.resolve("data");
        CliTest.Result r = sample(noisy(PAIR, epsilon, "joint", "sent").toString(), out, "tokens,beliefs,factor-beliefs,factor-gap");
        assertEquals(0, r.code(), r.err());
        int[] tokens = Npy.read(out.resolve("tokens.npy")).ints();
        double[] beliefs = Npy.read(out.resolve("beliefs.npy")).doubles();
        double[] f0 = Npy.read(out.resolve("beliefs.f0.npy")).doubles();
        double[] f1 = Npy.read(out.resolve("beliefs.f1.npy")).doubles();
        Npy.Array gapFile = Npy.read(out.resolve("factor-gap.npy"));
        assertArrayEquals(new long[] {COUNT, LENGTH + 1, 2}, gapFile.shape(), "Mess3 is an HMM: the divergence column is written");
        double[] gap = gapFile.doubles();
        double[][][] t = blurred(Catalogue.mess3(0.15, 0.6), epsilon);
        double largest = 0.0;
        for (int n = 0; n < COUNT; n++) {
            double[] eta = kron(Catalogue.mess3(0.15, 0.6).initial(), Catalogue.mess3(0.15, 0.6).initial());
            for (int s = 0; s <= LENGTH; s++) {
                int row = n * (LENGTH + 1) + s;
                assertArrayEquals(eta, Arrays.copyOfRange(beliefs, row * 9, row * 9 + 9), 1e-12, "sequence " + n + " row " + s);
                double[] m0 = new double[3];
                double[] m1 = new double[3];
                for (int i = 0; i < 9; i++) {
                    m0[i / 3] += eta[i];
                    m1[i % 3] += eta[i];
                }
                assertArrayEquals(m0, Arrays.copyOfRange(f0, row * 3, row * 3 + 3), 1e-12);
                assertArrayEquals(m1, Arrays.copyOfRange(f1, row * 3, row * 3 + 3), 1e-12);
                double[] product = kron(m0, m1);
                double l1 = 0.0;
                double kl = 0.0;
                for (int i = 0; i < 9; i++) {
                    l1 += Math.abs(eta[i] - product[i]);
                    kl += eta[i] > 0 ? eta[i] * Math.log(eta[i] / product[i]) : 0.0;
                }
                assertEquals(l1, gap[2 * row], 1e-12);
                assertEquals(kl, gap[2 * row + 1], 1e-12);
                largest = Math.max(largest, l1);
                if (s < LENGTH) {
                    eta = step(eta, t[tokens[n * LENGTH + s]]);
                }
            }
        }
        assertTrue(largest > 1e-3, "the noisy belief does not factor: largest gap " + largest);
    }

    /** The blurred operators of Mess3 ⊗ Mess3 over its 9 joint symbols, entry by entry. */
    private static double[][][] blurred(Ghmm factor, double epsilon) {
        double[][][] joint = new double[9][9][9];
        double[][][] net = new double[1][9][9];
        for (int x = 0; x < 9; x++) {
            double[][] a = factor.transfer(x / 3).toArray();
            double[][] b = factor.transfer(x % 3).toArray();
            for (int i = 0; i < 9; i++) {
                for (int j = 0; j < 9; j++) {
                    joint[x][i][j] = a[i / 3][j / 3] * b[i % 3][j % 3];
                    net[0][i][j] += joint[x][i][j];
                }
            }
        }
        double[][][] t = new double[9][9][9];
        for (int x = 0; x < 9; x++) {
            for (int i = 0; i < 9; i++) {
                for (int j = 0; j < 9; j++) {
                    t[x][i][j] = (1 - epsilon) * joint[x][i][j] + epsilon / 9 * net[0][i][j];
                }
            }
        }
        return t;
    }

    private static double[] step(double[] eta, double[][] t) {
        double[] next = new double[eta.length];
        double total = 0.0;
        for (int j = 0; j < eta.length; j++) {
            for (int i = 0; i < eta.length; i++) {
                next[j] += eta[i] * t[i][j];
            }
            total += next[j];
        }
        for (int j = 0; j < next.length; j++) {
            next[j] /= total;
        }
        return next;
    }

    private static double[] kron(double[] a, double[] b) {
        double[] out = new double[a.length * b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i * b.length + j] = a[i] * b[j];
            }
        }
        return out;
    }

    @Test
    void epsilonZeroWritesTheCleanBytes() throws IOException {
        Path clean = tmp.resolve("clean");
        Path pair = tmp.resolve("pair.json");
        Files.writeString(pair, PAIR);
        assertEquals(0, sample(pair.toString(), clean, "tokens,factor-beliefs,next,logprob").code());
        for (String over : new String[] {"joint", "factors"}) {
            for (String updates : new String[] {"sent", "received"}) {
                Path out = tmp.resolve("zero-" + over + "-" + updates);
                CliTest.Result r = sample(noisy(PAIR, 0.0, over, updates).toString(), out, "tokens,factor-beliefs,next,logprob");
                assertEquals(0, r.code(), r.err());
                for (String file : new String[] {"tokens.npy", "beliefs.f0.npy", "beliefs.f1.npy", "next.npy", "logprob.npy"}) {
                    assertArrayEquals(Files.readAllBytes(clean.resolve(file)), Files.readAllBytes(out.resolve(file)), over + " " + updates + " " + file);
                }
            }
        }
    }

    @Test
    void theGapOfAGhmmChainHasNoDivergenceColumnAndReceivedUpdatesHaveNoGap() throws IOException {
        Path out = tmp.resolve("chain");
        Path chain = noisy(Files.readString(ShippedProcesses.shipped("shai-chain.json")), 0.1, "joint", "sent");
        CliTest.Result r = sample(chain.toString(), out, "tokens,factor-gap");
        assertEquals(0, r.code(), r.err());
        Npy.Array gap = Npy.read(out.resolve("factor-gap.npy"));
        assertArrayEquals(new long[] {COUNT, LENGTH + 1, 1}, gap.shape(), "Tom Quantum factors are GHMMs: the gap only");
        assertTrue(Arrays.stream(gap.doubles()).max().orElse(0) > 0.0);
        Path received = tmp.resolve("received");
        r = sample(noisy(PAIR, 0.3, "joint", "received").toString(), received, "tokens,factor-gap");
        assertEquals(0, r.code(), r.err());
        assertTrue(Arrays.stream(Npy.read(received.resolve("factor-gap.npy")).doubles()).allMatch(v -> v == 0.0),
                "received updates keep a product belief");
    }

    @Test
    void theGapNeedsFactors() {
        CliTest.Result r = sample("mess3", tmp.resolve("plain"), "tokens,factor-gap");
        assertEquals(2, r.code());
        assertEquals("ghmm sample: --outputs factor-gap needs a factored process; mess3:x=0.15,alpha=0.6 is not one", r.err().strip());
    }

    @Test
    void describeShowsTheChannelAndItsProcess() throws IOException {
        CliTest.Result r = run("describe", "--process", noisy(PAIR, 0.1, "factors", "received").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode o = Json.parse(r.out());
        assertEquals("noisy", o.get("kind").asText());
        assertEquals(0.1, o.get("epsilon").asDouble());
        assertEquals("factors", o.get("over").asText());
        assertEquals("received", o.get("updates").asText());
        assertEquals("factored", o.get("process").get("kind").asText());
        r = run("describe", "--process", noisy(PAIR, 0.1, "factors", "received").toString(), "--format", "simplexity");
        assertEquals(2, r.code());
        assertTrue(r.err().strip().endsWith("has no simplexity form: its channel has each factor's token blurred (over: factors), where the"
                + " peer's noise_epsilon blurs the composite token (over: joint, updates: received)"), r.err());
        assertEquals(1, r.err().strip().lines().count());
        r = run("describe", "--process", noisy(PAIR, 0.1, "joint", "sent").toString(), "--format", "simplexity");
        assertEquals(2, r.code());
        assertTrue(r.err().strip().endsWith("has no simplexity form: its channel has its factors advanced on the token sent (updates: sent), where"
                + " the peer's noise_epsilon advances them on the token emitted (updates: received)"), r.err());
    }

    /**
     * The peer's noise_epsilon is ghmm's channel over the joint alphabet with received updates: describe writes it on the
     * factored form, and the file reads back as the same process (eval gives the same probabilities); a process without
     * factors through a sent channel is written as its blurred matrices.
     */
    @Test
    void describeWritesThePeersNoiseEpsilonForJointReceivedChannels() throws IOException {
        Path ghmmForm = noisy(PAIR, 0.1, "joint", "received");
        CliTest.Result r = run("describe", "--process", ghmmForm.toString(), "--format", "simplexity");
        assertEquals(0, r.code(), r.err());
        JsonNode written = Json.parse(r.out());
        assertEquals("factored", written.get("type").asText());
        assertEquals(0.1, written.get("noise_epsilon").asDouble());
        Path peerForm = Files.writeString(tmp.resolve("peer-noisy.json"), r.out());
        String[] words = {"(0,0) (1,2) (2,2)", "(2,1)", "(1,1) (1,1) (0,2) (2,0)"};
        for (String word : words) {
            CliTest.Result a = run("eval", "--process", ghmmForm.toString(), "--word", word);
            CliTest.Result b = run("eval", "--process", peerForm.toString(), "--word", word);
            assertEquals(0, b.code(), b.err());
            double p = Json.parse(a.out()).get("probability").asDouble();
            assertEquals(p, Json.parse(b.out()).get("probability").asDouble(), 1e-15 * p, word);
        }
        // the reader: noise_epsilon outside [0, 1] is refused at its path
        Path bad = Files.writeString(tmp.resolve("bad-noise.json"), ((com.fasterxml.jackson.databind.node.ObjectNode) written).put("noise_epsilon", 1.5)
                .toString());
        CliTest.Result refused = run("eval", "--process", bad.toString(), "--word", "(0,0)");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("noise_epsilon = 1.5 is not in [0, 1]"), refused.err());
        // one GHMM through a sent channel: its blurred matrices, as the peer's apply_noisy_channel writes them
        Path single = noisy(MESS, 0.2, "joint", "sent");
        r = run("describe", "--process", single.toString(), "--format", "simplexity");
        assertEquals(0, r.code(), r.err());
        assertEquals("hmm", Json.parse(r.out()).get("type").asText());
        Path blurred = Files.writeString(tmp.resolve("blurred.json"), r.out());
        double p = Json.parse(run("eval", "--process", single.toString(), "--word", "0 1 1 2").out()).get("probability").asDouble();
        assertEquals(p, Json.parse(run("eval", "--process", blurred.toString(), "--word", "0 1 1 2").out()).get("probability").asDouble(), 1e-12 * p);
    }
}
