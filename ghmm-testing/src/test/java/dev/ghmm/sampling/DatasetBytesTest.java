package dev.ghmm.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import dev.ghmm.testing.RandomProcesses;
import dev.ghmm.testing.Similarity;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bytes of datasets are a contract: the same seed gives the same tokens, beliefs, factor beliefs, next-symbol
 * distributions and log-probabilities in every release, whatever changes inside the filters. The SHA-256 digests were
 * recorded from the code before the chain-rule loss (commit c1fdf12); only the loss may move, by round-off, and is
 * checked against the joint elsewhere (NextSymbolEntropyProperties).
 */
class DatasetBytesTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("mess3", Catalogue.mess3(0.15, 0.6),
                        "c93237ac522f562b", "177f2c1ba18e53b8", "39daa298997ee028", "df1d064c5faf68ce", "f2bc9a24d69c831f"),
                Arguments.of("tom-quantum", Catalogue.tomQuantum(1, 4),
                        "62d18d13b7e218e5", "ddba603cb29e87d1", "6e9761ee10f50712", "7918227176229e4e", "f9b21cd42905c0aa"),
                Arguments.of("nonergodic", Catalogue.nonergodic(0.3),
                        "bf85a6c5be22668f", "cc0209a9b09c131e", "6304bce41784c3ec", "37c630785639580f", "3f47204174a9d065"),
                Arguments.of("z1r-prime-squared", FactoredCatalogue.z1rPrimeSquared(),
                        "72f18bff5b8ceb84", "7192be48487cf305", "ffadd85f24b9fea5", "4060ea18a0d65a9d", "b11c2a8a63636c61"),
                Arguments.of("mess3-cubed", FactoredCatalogue.mess3Cubed(),
                        "c3556c9f33cf71cd", "83b61c58ef34d1e7", "cb32606e9a44ed16", "ddea394530208d6c", "eb99a6de75499578"),
                Arguments.of("shai-chain", FactoredCatalogue.shaiChain(),
                        "d4f4dd43c1abc0cb", "d369d8a830f56481", "8c81551737fdc2f9", "206c2fccaed1165b", "c05ef1dd4ee5bd5a"),
                Arguments.of("personas", FactoredCatalogue.personas(),
                        "f21bf6c7b5eeb08d", "a884a9d976e21c07", "509e114b54c694ae", "0c8fbe49c0651631", "1f30d4b17a46955a"),
                Arguments.of("cyclic", coupled(new int[][] {{2}, {0}, {1}}),
                        "0b8fc64a896c7105", "d77854fb5e9a378a", "b6b5d934608541a6", "356226f024e4ea77", "f217b94ce12a3de6"),
                Arguments.of("two-parents", coupled(new int[][] {{}, {0}, {0, 1}}),
                        "93a26bec343c87a5", "e0f2fb153718c4ae", "2edff27ce47a2a78", "69ef5bd2bde33dd4", "1de87690e11ad4c2"),
                Arguments.of("reversed-chain", coupled(new int[][] {{1}, {2}, {}}),
                        "37319ae0be4c8d61", "a057a3b7de7120ba", "c9c57ef7381b3059", "67bb8105cc8e42e6", "1ec35dade828a6de"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theBytesOfEveryOutputButTheLossAreUnchanged(String name, Process process, String tokens, String beliefs, String parts,
                                                   String next, String logprob) {
        EnumSet<Datasets.Output> outputs = EnumSet.of(Datasets.Output.BELIEFS, Datasets.Output.PART_BELIEFS, Datasets.Output.NEXT,
                Datasets.Output.LOGPROB);
        Datasets.Block block = Datasets.generate(process, outputs, 3, 40, 33, 2024L, 2);
        String[] got = {digest(block.tokens()), digest(block.beliefs()), digest(block.parts()), digest(block.next()), digest(block.logprob())};
        assertEquals(String.join(" ", tokens, beliefs, parts, next, logprob), String.join(" ", got), name);
    }

    /** A noisy channel of ε = 0, whatever its over and updates, gives the clean process's bytes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aNoiselessChannelGivesTheSameBytes(String name, Process process, String tokens, String beliefs, String parts, String next,
                                           String logprob) {
        for (NoisyChannel.Over over : NoisyChannel.Over.values()) {
            for (NoisyChannel.Updates updates : NoisyChannel.Updates.values()) {
                theBytesOfEveryOutputButTheLossAreUnchanged(name + " " + over + " " + updates,
                        NoisyProcess.of(process, new NoisyChannel(0.0, over, updates)), tokens, beliefs, parts, next, logprob);
            }
        }
    }

    /**
     * Three factors with the given parents (each a control map from the parents' symbols), drawn from a fixed seed:
     * HMM variants that share their emission probabilities (so any control map keeps T|1⟩⟩ = |1⟩⟩), factor 1 turned
     * into a GHMM with negative entries by a similarity transform, factor 2 a direct sum.
     */
    static FactoredProcess coupled(int[][] parents) {
        Random random = new Random(17);
        int[] symbols = {2, 3, 2};
        FactoredProcess.Builder builder = FactoredProcess.builder();
        for (int f = 0; f < 3; f++) {
            int size = 1;
            for (int q : parents[f]) {
                size *= symbols[q];
            }
            int count = parents[f].length == 0 ? 1 : 2;
            Ghmm[] variants = variants(random, 2, symbols[f], count);
            Process[] factor = new Process[count];
            for (int k = 0; k < count; k++) {
                factor[k] = switch (f) {
                    case 1 -> Similarity.transform(variants[k], RandomProcesses.invertible(new Random(5), 2));
                    case 2 -> DirectSum.of(new double[] {0.4, 0.6}, variants[k], variants[(k + 1) % count]);
                    default -> variants[k];
                };
            }
            builder.factor(factor);
            if (parents[f].length > 0) {
                int[] table = new int[size];
                for (int j = 0; j < size; j++) {
                    table[j] = random.nextInt(count);
                }
                table[0] = 0;
                table[size - 1] = 1;
                builder.control(f, parents[f], table);
            }
        }
        return builder.build();
    }

    /** K HMMs on S states with one emission distribution Pr(x | s) and their own transitions, all entries positive. */
    static Ghmm[] variants(Random random, int states, int symbols, int count) {
        double[][] emission = new double[states][symbols];
        for (double[] row : emission) {
            double total = 0;
            for (int x = 0; x < symbols; x++) {
                row[x] = 0.1 + random.nextDouble();
                total += row[x];
            }
            for (int x = 0; x < symbols; x++) {
                row[x] /= total;
            }
        }
        Ghmm[] out = new Ghmm[count];
        for (int k = 0; k < count; k++) {
            double[][][] t = new double[symbols][states][states];
            for (int x = 0; x < symbols; x++) {
                for (int i = 0; i < states; i++) {
                    double total = 0;
                    double[] row = new double[states];
                    for (int j = 0; j < states; j++) {
                        row[j] = 0.1 + random.nextDouble();
                        total += row[j];
                    }
                    for (int j = 0; j < states; j++) {
                        t[x][i][j] = emission[i][x] * row[j] / total;
                    }
                }
            }
            double[] initial = new double[states];
            java.util.Arrays.fill(initial, 1.0 / states);
            out[k] = Ghmm.of(t, initial);
        }
        return out;
    }

    static String digest(int[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length);
        bytes.asIntBuffer().put(values);
        return sha256(bytes.array());
    }

    static String digest(double[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length);
        bytes.asDoubleBuffer().put(values);
        return sha256(bytes.array());
    }

    static String digest(double[][] parts) {
        StringBuilder all = new StringBuilder();
        for (double[] part : parts) {
            all.append(digest(part));
        }
        return sha256(all.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
