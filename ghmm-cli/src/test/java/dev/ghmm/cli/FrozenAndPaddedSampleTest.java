package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghmm sample --freeze/--groups} (vary-one datasets) and {@code --eos/--pad-to} (the sequence layout), each
 * option on its own; their bad values are cases of the bad-input corpus, and their stream batches are sample's rows
 * ({@link StreamCommandTest}).
 */
class FrozenAndPaddedSampleTest {
    @TempDir
    Path tmp;

    private static JsonNode meta(Path dir) throws IOException {
        return Json.readTree(dir.resolve("meta.json"));
    }

    private Path sample(String name, String... args) {
        Path dir = tmp.resolve(name);
        String[] argv = new String[args.length + 3];
        argv[0] = "sample";
        argv[1] = "--out";
        argv[2] = dir.toString();
        System.arraycopy(args, 0, argv, 3, args.length);
        CliTest.Result r = run(argv);
        assertEquals(0, r.code(), r.err());
        return dir;
    }

    /**
     * --freeze 0,1 --groups 3 of the five-factor chain from sequence 4: sequences i and j share factor f's whole path
     * exactly when f is frozen and i ≡ j (mod 3); no two paths of a varying factor agree, nor two groups' frozen paths
     * (20 symbols each, so equal paths by chance are rarer than 0.8^20 ≈ 1 %; the seed is fixed). meta.json states
     * freeze and groups.
     */
    @Test
    void frozenGroupsShareExactlyTheirFrozenFactorsSymbols() throws IOException {
        int count = 12;
        int length = 20;
        long first = 4;
        Path dir = sample("frozen", "--process", StreamCommandTest.CHAIN, "--count", "" + count, "--length", "" + length, "--seed", "3", "--first",
                "" + first, "--freeze", "1,0", "--groups", "3", "--outputs", "tokens");
        JsonNode meta = meta(dir);
        assertEquals("[0,1]", meta.get("freeze").toString());
        assertEquals(3, meta.get("groups").asInt());
        int[] radix = new int[meta.get("factors").size()];
        for (int f = 0; f < radix.length; f++) {
            radix[f] = meta.get("factors").get(f).get("alphabet").size();
        }
        int[] tokens = Npy.read(dir.resolve("tokens.npy")).ints();
        int[][][] paths = new int[count][radix.length][length];
        int[] digits = new int[radix.length];
        for (int k = 0; k < count; k++) {
            for (int t = 0; t < length; t++) {
                dev.ghmm.MixedRadix.decode(radix, tokens[k * length + t], digits);
                for (int f = 0; f < radix.length; f++) {
                    paths[k][f][t] = digits[f];
                }
            }
        }
        for (int i = 0; i < count; i++) {
            for (int j = i + 1; j < count; j++) {
                for (int f = 0; f < radix.length; f++) {
                    boolean shared = f <= 1 && (first + i) % 3 == (first + j) % 3;
                    assertEquals(shared, Arrays.equals(paths[i][f], paths[j][f]), "factor " + f + " of sequences " + (first + i) + ", " + (first + j));
                }
            }
        }
        // without --freeze the keys are absent
        assertFalse(meta(sample("plain", "--process", "z1r", "--count", "2", "--length", "3", "--seed", "3")).has("freeze"));
    }

    /**
     * --eos: one more token after the symbols, |X| = 2 for Z1R without BOS and 3 after BOS = 2; every per-position
     * output gains a row of zeros (beliefs L + 2 rows); meta.json states the id.
     */
    @Test
    void eosFollowsTheSymbolsWithTheIdAfterBos() throws IOException {
        Path plain = sample("eos", "--process", "z1r", "--count", "3", "--length", "4", "--seed", "1", "--eos", "--outputs", "tokens,beliefs,loss");
        Npy.Array tokens = Npy.read(plain.resolve("tokens.npy"));
        assertArrayEquals(new long[] {3, 5}, tokens.shape());
        for (int k = 0; k < 3; k++) {
            assertEquals(2, tokens.ints()[k * 5 + 4]);
            assertEquals(0.0, Npy.read(plain.resolve("loss.npy")).doubles()[k * 5 + 4]);
        }
        Npy.Array beliefs = Npy.read(plain.resolve("beliefs.npy"));
        assertArrayEquals(new long[] {3, 6, 3}, beliefs.shape());
        assertArrayEquals(new double[3], Arrays.copyOfRange(beliefs.doubles(), 5 * 3, 6 * 3));
        assertEquals(2, meta(plain).get("eos").asInt());
        assertFalse(meta(plain).has("pad"));

        Path bos = sample("bos-eos", "--process", "z1r", "--count", "3", "--length", "4", "--seed", "1", "--eos", "--bos");
        int[] t = Npy.read(bos.resolve("tokens.npy")).ints();
        assertEquals(2, t[0]);
        assertEquals(3, t[5]);
        assertEquals(3, meta(bos).get("eos").asInt());
        // the symbols are those of the dataset without EOS
        Path none = sample("bos", "--process", "z1r", "--count", "3", "--length", "4", "--seed", "1", "--bos");
        assertArrayEquals(Arrays.copyOfRange(Npy.read(none.resolve("tokens.npy")).ints(), 0, 5), Arrays.copyOfRange(t, 0, 5));
    }

    /**
     * --pad-to 9 with BOS, L = 4 and EOS: [BOS=2, x1..x4, EOS=3, PAD=4 ×3]; next, loss and logprob have 9 rows, beliefs
     * 9 (row t after t symbols, t ≤ 4, then zeros), the padded rows all zero; meta.json states pad and pad_to.
     */
    @Test
    void padToFillsEverySequenceAndEveryPerPositionOutputAlike() throws IOException {
        Path dir = sample("pad", "--process", "z1r", "--count", "2", "--length", "4", "--seed", "1", "--bos", "--eos", "--pad-to", "9", "--outputs",
                "tokens,beliefs,next,loss,logprob", "--dtype", "float64");
        int[] tokens = Npy.read(dir.resolve("tokens.npy")).ints();
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(new int[] {3, 4, 4, 4}, Arrays.copyOfRange(tokens, k * 9 + 5, k * 9 + 9));
        }
        Npy.Array loss = Npy.read(dir.resolve("loss.npy"));
        assertArrayEquals(new long[] {2, 9}, loss.shape());
        assertArrayEquals(new double[4], Arrays.copyOfRange(loss.doubles(), 5, 9));
        assertArrayEquals(new double[4], Arrays.copyOfRange(Npy.read(dir.resolve("logprob.npy")).doubles(), 9 + 5, 9 + 9));
        Npy.Array next = Npy.read(dir.resolve("next.npy"));
        assertArrayEquals(new long[] {2, 9, 2}, next.shape());
        assertArrayEquals(new double[8], Arrays.copyOfRange(next.doubles(), 5 * 2, 9 * 2));
        Npy.Array beliefs = Npy.read(dir.resolve("beliefs.npy"));
        assertArrayEquals(new long[] {2, 9, 3}, beliefs.shape());
        assertArrayEquals(new double[4 * 3], Arrays.copyOfRange(beliefs.doubles(), 5 * 3, 9 * 3));
        JsonNode meta = meta(dir);
        assertEquals(4, meta.get("pad").asInt());
        assertEquals(9, meta.get("pad_to").asInt());
        // the values before the padding are those of the dataset without it
        Path plain = sample("plain", "--process", "z1r", "--count", "2", "--length", "4", "--seed", "1", "--bos", "--outputs",
                "tokens,beliefs,next,loss,logprob", "--dtype", "float64");
        assertArrayEquals(Arrays.copyOfRange(Npy.read(plain.resolve("beliefs.npy")).doubles(), 0, 5 * 3), Arrays.copyOfRange(beliefs.doubles(), 0, 5 * 3));
        assertArrayEquals(Arrays.copyOfRange(Npy.read(plain.resolve("loss.npy")).doubles(), 5, 10), Arrays.copyOfRange(loss.doubles(), 9, 14));
        // --pad-to equal to the sequence's tokens adds no PAD, but states its id
        Path exact = sample("exact", "--process", "z1r", "--count", "2", "--length", "4", "--seed", "1", "--pad-to", "4");
        assertArrayEquals(new long[] {2, 4}, Npy.read(exact.resolve("tokens.npy")).shape());
        assertEquals(2, meta(exact).get("pad").asInt());
    }
}
