package dev.ghmm.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ghmm.io.DatasetLayout.Output;
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
        // the batch: every file back to back, written by two ranges in either order
        ByteBuffer batch = ByteBuffer.allocate((int) LAYOUT.batchBytes(3));
        LAYOUT.encode(batch, 3, SOURCE, 2, 3);
        LAYOUT.encode(batch, 3, SOURCE, 0, 2);
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

    /** With the divergence, factor-gap.npy holds both values of every row as the source does. */
    @Test
    void theFactorGapWithItsDivergenceIsWrittenWhole() throws IOException {
        DatasetLayout layout = new DatasetLayout(EnumSet.of(Output.TOKENS, Output.FACTOR_GAP), 2, false, Npy.Dtype.FLOAT64, 3, 2, 1, 2)
                .withDivergence(true);
        Path dir = Files.createDirectory(tmp.resolve("d"));
        DatasetLayout.Writer w = layout.new Writer(dir, 3);
        try (DatasetLayout.Writer.Rows rows = w.rows()) {
            rows.write(0, 3, SOURCE);
        }
        w.finish(DESCRIPTION, 0);
        assertArrayEquals(SOURCE.values(Output.FACTOR_GAP, -1), Npy.read(dir.resolve("factor-gap.npy")).doubles());
        DatasetLayout.Stated stated = DatasetLayout.Stated.read(dir);
        stated.open(stated.files().get(1)).close();
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
        // "No space left on device" without a path before meta.json was written through Npy.naming
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
