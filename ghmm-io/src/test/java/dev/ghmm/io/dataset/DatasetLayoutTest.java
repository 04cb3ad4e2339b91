package dev.ghmm.io.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ghmm.io.Npy;
import dev.ghmm.io.dataset.DatasetLayout.Output;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout by hand: 3 sequences of L = 2 over 3 symbols, a 2-state joint belief and factors of dimension 1 and 2. */
class DatasetLayoutTest {
    @TempDir
    Path tmp;

    private static final DatasetLayout LAYOUT = new DatasetLayout(EnumSet.allOf(Output.class), 2, true, Npy.Dtype.FLOAT64, 3, 2, 1, 2);
    private static final DatasetLayout.Description DESCRIPTION = new DatasetLayout.Description(JsonNodeFactory.instance.textNode("p"), 7,
            List.of("a", "b", "c"), List.of(new DatasetLayout.Factor(1, List.of("a")), new DatasetLayout.Factor(2, List.of("b", "c"))), "v",
            DatasetLayout.BeliefNormalisation.GHMM);

    /** Value k of an output is 100·(its ordinal + factor + 1) + k, so every value says where it came from. */
    private static final DatasetLayout.Source SOURCE = new DatasetLayout.Source() {
        @Override
        public int[] tokens() {
            return new int[] {0, 1, 2, 0, 1, 2};
        }

        @Override
        public double[] values(Output output, int factor) {
            int size = switch (output) {
                case BELIEFS -> 3 * 3 * 2;
                case FACTOR_BELIEFS -> 3 * 3 * (factor + 1);
                case NEXT -> 3 * 2 * 3;
                case FACTOR_GAP -> 3 * 3 * 2;
                default -> 3 * 2;
            };
            double[] v = new double[size];
            for (int k = 0; k < size; k++) {
                v[k] = 100 * (output.ordinal() + factor + 1) + k;
            }
            return v;
        }
    };

    /** The source's sequences from {@code first} on (of its 3), as a source whose sequence 0 is its sequence {@code first}. */
    private static DatasetLayout.Source from(DatasetLayout.Source source, int first) {
        return new DatasetLayout.Source() {
            @Override
            public int[] tokens() {
                int[] all = source.tokens();
                return Arrays.copyOfRange(all, all.length / 3 * first, all.length);
            }

            @Override
            public double[] values(Output output, int factor) {
                double[] all = source.values(output, factor);
                return Arrays.copyOfRange(all, all.length / 3 * first, all.length);
            }
        };
    }

    /** One refusal per value, naming it (the length and the dtype were one garbled line). */
    /** frame with given ids: two sequences of L = 2, every combination of BOS, EOS and padding, by hand. */
    @Test
    void framingLaysOutSequencesWithTheGivenIds() throws IOException {
        int[] symbols = {5, 2, 8, 1};
        int[][][] cases = {
            {{1, 1, 6}, {9, 5, 2, 7, 6, 6, 9, 8, 1, 7, 6, 6}},
            {{0, 1, 0}, {5, 2, 7, 8, 1, 7}},
            {{1, 0, 4}, {9, 5, 2, 6, 9, 8, 1, 6}},
            {{0, 0, 0}, {5, 2, 8, 1}},
        };
        for (int[][] c : cases) {
            DatasetLayout.Framing framing = new DatasetLayout.Framing(c[0][0] == 1, c[0][1] == 1, c[0][2]);
            ByteBuffer buffer = ByteBuffer.allocate(4 * c[1].length);
            framing.frame(symbols, 0, 2, 2, 9, 7, 6, Npy.into(buffer, Npy.Dtype.INT32));
            buffer.flip();
            assertEquals(4 * c[1].length, buffer.limit(), Arrays.toString(c[0])); // exactly these tokens (more would not fit)
            int[] out = new int[c[1].length];
            buffer.asIntBuffer().get(out);
            assertArrayEquals(c[1], out, Arrays.toString(c[0]));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatasetLayout.Framing(true, true, 3).frame(symbols, 0, 1,
                2, 9, 7, 6, Npy.into(ByteBuffer.allocate(64), Npy.Dtype.INT32)));
        assertEquals("the padded length 3 is shorter than a sequence: 4 tokens", e.getMessage());
    }

    @Test
    void aLengthBelowOneOrAnIntegerDtypeIsRefusedNamingTheValue() {
        assertEquals("length 0 must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> new DatasetLayout(EnumSet.of(Output.TOKENS), 0, false, Npy.Dtype.FLOAT32, 3, 3)).getMessage());
        assertEquals("dtype int32 must be float32 or float64", assertThrows(IllegalArgumentException.class,
                () -> new DatasetLayout(EnumSet.of(Output.TOKENS), 4, false, Npy.Dtype.INT32, 3, 3)).getMessage());
    }

    @Test
    void filesHaveTheShapesOfTheGuideWithBos() {
        List<DatasetLayout.File> files = LAYOUT.files(3);
        assertEquals(List.of("tokens.npy", "beliefs.npy", "beliefs.f0.npy", "beliefs.f1.npy", "next.npy", "loss.npy", "logprob.npy",
                "factor-gap.npy"), files.stream().map(DatasetLayout.File::name).toList());
        assertArrayEquals(new long[] {3, 3, 1}, files.get(7).shape());
        assertArrayEquals(new long[] {3, 3, 2}, LAYOUT.withDivergence(true).files(3).get(7).shape());
        assertArrayEquals(new long[] {3, 3}, files.get(0).shape());
        assertArrayEquals(new long[] {3, 3, 2}, files.get(1).shape());
        assertArrayEquals(new long[] {3, 3, 2}, files.get(3).shape());
        assertArrayEquals(new long[] {3, 3, 3}, files.get(4).shape());
        assertEquals(Npy.Dtype.INT32, files.get(0).dtype());
        assertThrows(IllegalArgumentException.class, () -> Output.of("belief"));
        assertEquals("unknown output \"x\"; expected some of tokens,beliefs,factor-beliefs,next,loss,logprob,factor-gap",
                assertThrows(IllegalArgumentException.class, () -> Output.of("x")).getMessage());
    }

    /** BOS: a token 3 before each sequence, a zero row before each next row block, beliefs unchanged. */
    @Test
    void aDirectoryRoundTripsThroughItsReaderAndABatchHoldsTheSameFiles() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        DatasetLayout.Writer w = LAYOUT.new Writer(dir, 3);
        try (DatasetLayout.Writer.Rows rows = w.rows()) {
            rows.write(0, 3, SOURCE);
        }
        w.finish(DESCRIPTION, 5);
        assertArrayEquals(new int[] {3, 0, 1, 3, 2, 0, 3, 1, 2}, Npy.read(dir.resolve("tokens.npy")).ints());
        assertArrayEquals(new double[] {0, 0, 0, 300, 301, 302, 303, 304, 305}, Arrays.copyOf(Npy.read(dir.resolve("next.npy")).doubles(), 9));
        assertArrayEquals(new double[] {0, 400, 401, 0, 402, 403, 0, 404, 405}, Npy.read(dir.resolve("loss.npy")).doubles());
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("meta.json").toFile());
        assertEquals(5, meta.get("first").asLong());
        assertEquals(3, meta.get("bos").asInt());
        DatasetLayout.Stated stated = DatasetLayout.Stated.read(dir);
        assertEquals(3, stated.count());
        assertTrue(stated.bos());
        assertEquals(8, stated.files().size());
        // the gap without the divergence: the first of each row's two values, L + 1 rows and no BOS row
        assertArrayEquals(new double[] {600, 602, 604, 606, 608, 610, 612, 614, 616}, Npy.read(dir.resolve("factor-gap.npy")).doubles());
        for (DatasetLayout.File f : stated.files()) {
            stated.open(f).close();
        }
        // the batch: every file back to back, written by two ranges in either order, each from a source of its own
        ByteBuffer batch = ByteBuffer.allocate((int) LAYOUT.batchBytes(3));
        LAYOUT.encode(batch, 3, 2, 1, from(SOURCE, 2));
        LAYOUT.encode(batch, 3, 0, 2, SOURCE);
        ByteBuffer files = ByteBuffer.allocate(batch.capacity());
        for (DatasetLayout.File f : LAYOUT.files(3)) {
            files.put(Files.readAllBytes(dir.resolve(f.name())));
        }
        assertArrayEquals(files.array(), batch.array());
        String header = LAYOUT.streamHeader(DESCRIPTION, 3, 1, 2, 4, null);
        assertTrue(header.endsWith("}\n"));
        assertFalse(header.substring(0, header.length() - 1).contains("\n"));
        JsonNode h = new ObjectMapper().readTree(header);
        assertEquals("ghmm-stream/1", h.get("format").asText());
        assertTrue(h.get("batches").isNull());
        assertEquals("[3,3,2]", h.get("outputs").get(3).get("shape").toString());
    }

    /**
     * BOS, EOS and PAD to T = 6 (L = 2): tokens [BOS=3, x1, x2, EOS=4, PAD=5, PAD=5]; every per-position output gains the
     * same three trailing rows of zeros (beliefs: L + 1 + 3 = 6 rows); meta.json states the ids and T, and the reader
     * accepts the shapes.
     */
    @Test
    void eosAndPaddingAppendTheSameTrailingRowsToEveryPerPositionOutput() throws IOException {
        DatasetLayout padded = new DatasetLayout(EnumSet.allOf(Output.class), 2, new DatasetLayout.Framing(true, true, 6), Npy.Dtype.FLOAT64, 3, 2, 1, 2);
        Path dir = Files.createDirectory(tmp.resolve("d"));
        DatasetLayout.Writer w = padded.new Writer(dir, 3);
        try (DatasetLayout.Writer.Rows rows = w.rows()) {
            rows.write(0, 3, SOURCE);
        }
        w.finish(DESCRIPTION, 0);
        assertArrayEquals(new int[] {3, 0, 1, 4, 5, 5, 3, 2, 0, 4, 5, 5, 3, 1, 2, 4, 5, 5}, Npy.read(dir.resolve("tokens.npy")).ints());
        assertArrayEquals(new double[] {0, 400, 401, 0, 0, 0, 0, 402, 403, 0, 0, 0, 0, 404, 405, 0, 0, 0}, Npy.read(dir.resolve("loss.npy")).doubles());
        assertArrayEquals(new double[] {0, 0, 0, 300, 301, 302, 303, 304, 305, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 306},
                Arrays.copyOf(Npy.read(dir.resolve("next.npy")).doubles(), 22));
        Npy.Array beliefs = Npy.read(dir.resolve("beliefs.npy"));
        assertArrayEquals(new long[] {3, 6, 2}, beliefs.shape());
        assertArrayEquals(new double[] {100, 101, 102, 103, 104, 105, 0, 0, 0, 0, 0, 0, 106}, Arrays.copyOf(beliefs.doubles(), 13));
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("meta.json").toFile());
        assertEquals(3, meta.get("bos").asInt());
        assertEquals(4, meta.get("eos").asInt());
        assertEquals(5, meta.get("pad").asInt());
        assertEquals(6, meta.get("pad_to").asInt());
        DatasetLayout.Stated stated = DatasetLayout.Stated.read(dir);
        assertEquals(3, stated.tail());
        for (DatasetLayout.File f : stated.files()) {
            stated.open(f).close();
        }
        // inconsistent metadata: EOS stated but pad_to = [BOS] + L leaves it no column; pad without pad_to, and back
        Path metaPath = dir.resolve("meta.json");
        String written = Files.readString(metaPath);
        Files.writeString(metaPath, written.replace("\"pad_to\" : 6", "\"pad_to\" : 3"));
        assertEquals(metaPath + ": pad_to is 3, expected an integer of at least the 4 tokens of a sequence",
                assertThrows(IllegalArgumentException.class, () -> DatasetLayout.Stated.read(dir)).getMessage());
        Files.writeString(metaPath, written.replace(",\n  \"pad_to\" : 6", ""));
        assertEquals(metaPath + ": pad is 5 and pad_to absent, expected both or neither",
                assertThrows(IllegalArgumentException.class, () -> DatasetLayout.Stated.read(dir)).getMessage());
        Files.writeString(metaPath, written.replace("\"pad\" : 5,", ""));
        assertEquals(metaPath + ": pad is absent and pad_to 6, expected both or neither",
                assertThrows(IllegalArgumentException.class, () -> DatasetLayout.Stated.read(dir)).getMessage());
        Files.writeString(metaPath, written);
        // the constructor of the record before it had a tail: no EOS or PAD columns
        assertEquals(0, new DatasetLayout.Stated(dir, 3, 2, true, stated.files(), stated.beliefs()).tail());
        // ids without gaps: EOS right after the alphabet without BOS, PAD after it
        DatasetLayout.Framing eosOnly = new DatasetLayout.Framing(false, true, 0);
        assertEquals(3, eosOnly.eosId(3));
        assertEquals(3, new DatasetLayout.Framing(false, false, 4).padId(3));
        DatasetLayout eos = new DatasetLayout(EnumSet.of(Output.TOKENS, Output.BELIEFS), 2, eosOnly, Npy.Dtype.FLOAT64, 3, 2);
        assertArrayEquals(new long[] {3, 3}, eos.files(3).get(0).shape());
        assertArrayEquals(new long[] {3, 4, 2}, eos.files(3).get(1).shape());
        assertEquals(3, eos.meta(DESCRIPTION, 0, 3).get("eos").asInt());
        assertFalse(eos.meta(DESCRIPTION, 0, 3).has("pad"));
        assertFalse(LAYOUT.meta(DESCRIPTION, 0, 3).has("eos"));
        assertEquals("the padded length 4 is shorter than a sequence: 5 tokens (BOS, 3 symbols, EOS)", assertThrows(IllegalArgumentException.class,
                () -> new DatasetLayout(EnumSet.of(Output.TOKENS), 3, new DatasetLayout.Framing(true, true, 4), Npy.Dtype.FLOAT64, 3, 2)).getMessage());
    }

    /**
     * Padding of more trailing values per sequence than an int counts (T = 716 000 003, L = 2, |𝒳| = 3: 3·(T − 3) &gt;
     * 2<sup>31</sup> − 1 values of next) is written in chunks: the sequence's own values, then exactly that many zeros
     * (tokens: BOS, x1, x2, then T − 3 PAD tokens). Before, an int product made a negative array size.
     */
    @Test
    void paddingBeyondAnIntOfValuesIsWrittenInChunks() throws IOException {
        int padTo = 716_000_003;
        DatasetLayout padded = new DatasetLayout(EnumSet.of(Output.TOKENS, Output.NEXT), 2, new DatasetLayout.Framing(true, false, padTo),
                Npy.Dtype.FLOAT32, 3, 2);
        List<DatasetLayout.File> files = padded.files(1);
        assertArrayEquals(new long[] {1, padTo, 3}, files.get(1).shape());
        Tally tokens = new Tally();
        padded.write(files.get(0), SOURCE, 0, 1, tokens);
        assertEquals(padTo, tokens.count);
        assertEquals(List.of(3.0, 0.0, 1.0, 4.0), tokens.head.subList(0, 4)); // BOS, x1, x2, then PAD = |𝒳| + [BOS] = 4
        assertEquals(padTo - 3L, tokens.equalToLast);
        Tally next = new Tally();
        padded.write(files.get(1), SOURCE, 0, 1, next);
        assertEquals(3L * padTo, next.count);
        assertEquals(List.of(0.0, 0.0, 0.0, 300.0, 301.0, 302.0, 303.0, 304.0, 305.0, 0.0), next.head);
        assertEquals(3L * (padTo - 3), next.equalToLast);
    }

    /** Counts the values written, keeps the first ten, and counts the trailing run of values equal to the last. */
    private static final class Tally implements Npy.Sink {
        long count;
        long equalToLast;
        final List<Double> head = new ArrayList<>();
        private double last = Double.NaN;

        @Override
        public void write(int[] values, int from, int count) {
            this.count += count;
            for (int k = from; k < from + count; k++) {
                add(values[k]);
            }
        }

        @Override
        public void write(double[] values, int from, int count) {
            this.count += count;
            for (int k = from; k < from + count; k++) {
                add(values[k]);
            }
        }

        private void add(double v) {
            if (v == last && head.size() == 10) {
                equalToLast++; // the billions of padding values take this branch alone
                return;
            }
            if (head.size() < 10) {
                head.add(v);
            }
            equalToLast = v == last ? equalToLast + 1 : 1;
            last = v;
        }
    }

    /** freeze and groups are stated before outputs only with frozen factors, in meta.json and the stream header. */
    @Test
    void frozenFactorsAreStatedOnlyWhenGiven() throws IOException {
        DatasetLayout.Description frozen = new DatasetLayout.Description(DESCRIPTION.process(), DESCRIPTION.seed(), DESCRIPTION.alphabet(),
                DESCRIPTION.factors(), DESCRIPTION.version(), DESCRIPTION.beliefs(), List.of(0, 1), 4);
        List<String> keys = new ArrayList<>();
        LAYOUT.meta(frozen, 0, 3).fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("dtype", "freeze", "groups", "outputs"), keys.subList(keys.indexOf("dtype"), keys.indexOf("outputs") + 1));
        assertEquals("[0,1]", LAYOUT.meta(frozen, 0, 3).get("freeze").toString());
        assertEquals(4, new ObjectMapper().readTree(LAYOUT.streamHeader(frozen, 4, 0, 1, 0, 1L)).get("groups").asInt());
        assertFalse(LAYOUT.meta(DESCRIPTION, 0, 3).has("freeze"));
        assertFalse(LAYOUT.meta(DESCRIPTION, 0, 3).has("groups"));
        assertFalse(new ObjectMapper().readTree(LAYOUT.streamHeader(DESCRIPTION, 3, 0, 1, 0, 1L)).has("freeze"));
    }

    /**
     * With the divergence, factor-gap.npy holds both values of every row as the source does; with EOS and padding to
     * T = 6 it gains the three trailing rows of zeros of every per-position output.
     */
    @Test
    void theFactorGapWithItsDivergenceIsWrittenWhole() throws IOException {
        DatasetLayout layout = new DatasetLayout(EnumSet.of(Output.TOKENS, Output.FACTOR_GAP), 2, false, Npy.Dtype.FLOAT64, 3, 2, 1, 2)
                .withDivergence(true);
        DatasetLayout padded = new DatasetLayout(EnumSet.of(Output.TOKENS, Output.FACTOR_GAP), 2, new DatasetLayout.Framing(true, true, 6),
                Npy.Dtype.FLOAT64, 3, 2, 1, 2).withDivergence(true);
        Path plain = Files.createDirectory(tmp.resolve("plain"));
        Path framed = Files.createDirectory(tmp.resolve("framed"));
        for (Object[] c : new Object[][] {{layout, plain}, {padded, framed}}) {
            DatasetLayout.Writer w = ((DatasetLayout) c[0]).new Writer((Path) c[1], 3);
            try (DatasetLayout.Writer.Rows rows = w.rows()) {
                rows.write(0, 3, SOURCE);
            }
            w.finish(DESCRIPTION, 0);
            DatasetLayout.Stated stated = DatasetLayout.Stated.read((Path) c[1]);
            stated.open(stated.files().get(1)).close();
        }
        double[] source = SOURCE.values(Output.FACTOR_GAP, -1);
        assertArrayEquals(source, Npy.read(plain.resolve("factor-gap.npy")).doubles());
        Npy.Array gap = Npy.read(framed.resolve("factor-gap.npy"));
        assertArrayEquals(new long[] {3, 6, 2}, gap.shape());
        double[] expected = new double[3 * 6 * 2];
        for (int k = 0; k < 3; k++) {
            System.arraycopy(source, k * 6, expected, k * 12, 6);
        }
        assertArrayEquals(expected, gap.doubles());
    }

    /** beliefNormalisation is stated after dtype only when it is not ghmm, read back, and an unknown value is refused. */
    @Test
    void aBeliefNormalisationOtherThanGhmmIsStatedAndReadBack() throws IOException {
        DatasetLayout.Description simplexity = new DatasetLayout.Description(DESCRIPTION.process(), DESCRIPTION.seed(), DESCRIPTION.alphabet(),
                DESCRIPTION.factors(), DESCRIPTION.version(), DatasetLayout.BeliefNormalisation.SIMPLEXITY);
        List<String> keys = new ArrayList<>();
        LAYOUT.meta(simplexity, 0, 3).fieldNames().forEachRemaining(keys::add);
        assertEquals("beliefNormalisation", keys.get(keys.indexOf("dtype") + 1));
        assertEquals("simplexity", LAYOUT.meta(simplexity, 0, 3).get("beliefNormalisation").asText());
        assertEquals("simplexity", new ObjectMapper().readTree(LAYOUT.streamHeader(simplexity, 3, 0, 1, 0, 1L)).get("beliefNormalisation").asText());
        assertFalse(LAYOUT.meta(DESCRIPTION, 0, 3).has("beliefNormalisation"));
        assertFalse(new ObjectMapper().readTree(LAYOUT.streamHeader(DESCRIPTION, 3, 0, 1, 0, 1L)).has("beliefNormalisation"));

        Path dir = Files.createDirectory(tmp.resolve("d"));
        DatasetLayout.Writer w = LAYOUT.new Writer(dir, 3);
        try (DatasetLayout.Writer.Rows rows = w.rows()) {
            rows.write(0, 3, SOURCE);
        }
        w.finish(simplexity, 0);
        assertEquals(DatasetLayout.BeliefNormalisation.SIMPLEXITY, DatasetLayout.Stated.read(dir).beliefs());
        Path meta = dir.resolve("meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"simplexity\"", "\"other\""));
        assertEquals(meta + ": beliefNormalisation is \"other\", expected \"ghmm\" or \"simplexity\"",
                assertThrows(IllegalArgumentException.class, () -> DatasetLayout.Stated.read(dir)).getMessage());
        Files.writeString(meta, Files.readString(meta).replace("\"beliefNormalisation\" : \"other\",", ""));
        assertEquals(DatasetLayout.BeliefNormalisation.GHMM, DatasetLayout.Stated.read(dir).beliefs());
    }

    @Test
    void aMetaJsonThatCannotBeWrittenIsNamed() throws IOException {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "a writable /dev/full");
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Path meta = Files.createSymbolicLink(dir.resolve("meta.json"), full);
        DatasetLayout.Writer w = LAYOUT.new Writer(dir, 3);
        try (DatasetLayout.Writer.Rows rows = w.rows()) {
            rows.write(0, 3, SOURCE);
        }
        // "No space left on device" without a path before meta.json was written through OutputFiles.naming
        java.nio.file.FileSystemException e = assertThrows(java.nio.file.FileSystemException.class, () -> w.finish(DESCRIPTION, 0));
        assertEquals(meta.toString(), e.getFile());
        assertEquals("No space left on device", e.getReason());
    }

    @Test
    void aShapeOtherThanStatedOrLaidOutIsRefused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        DatasetLayout.Writer w = LAYOUT.new Writer(dir, 3);
        try (DatasetLayout.Writer.Rows rows = w.rows()) {
            rows.write(0, 3, SOURCE);
        }
        w.finish(DESCRIPTION, 0);
        Path meta = dir.resolve("meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"length\" : 2", "\"length\" : 3"));
        DatasetLayout.Stated stated = DatasetLayout.Stated.read(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stated.open(stated.files().get(0)));
        assertTrue(e.getMessage().endsWith("tokens.npy has shape [3, 3], expected [3, 4] for count 3 and the dataset's length"), e.getMessage());
        Files.writeString(meta, Files.readString(meta).replace("ghmm-dataset/1", "ghmm-dataset/2"));
        assertThrows(IllegalArgumentException.class, () -> DatasetLayout.Stated.read(dir));
    }
}
