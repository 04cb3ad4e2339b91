package dev.ghmm.io.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.io.dataset.DatasetLayout.Output;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import dev.ghmm.process.Catalogue;
import dev.ghmm.sampling.Datasets;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API of the dataset generator: its options record, the ranges its writers refuse, progress and output streams. */
class DatasetApiTest {
    @TempDir
    Path tmp;

    private static final Set<Output> TOKENS_BELIEFS = EnumSet.of(Output.TOKENS, Output.BELIEFS);

    private static DatasetPlan mess3(DatasetOptions options) {
        return new DatasetPlan(Catalogue.mess3(0.15, 0.6), TextNode.valueOf("mess3"), options);
    }

    private static DatasetPlan mess3Spec(ObjectNode spec) {
        return new DatasetPlan(Catalogue.mess3(0.15, 0.6), spec, DatasetOptions.of(1, 4, TOKENS_BELIEFS));
    }

    @Test
    void theOptionsHoldAnUnmodifiableCopyOfTheOutputsAndEachWitherChangesOneComponent() {
        Set<Output> outputs = EnumSet.of(Output.TOKENS);
        DatasetOptions plain = DatasetOptions.of(5, 8, outputs);
        outputs.add(Output.LOSS);
        assertEquals(Set.of(Output.TOKENS), plain.outputs());
        assertThrows(UnsupportedOperationException.class, () -> plain.outputs().add(Output.NEXT));
        assertEquals(new DatasetOptions(5, 8, Set.of(Output.TOKENS), Npy.Dtype.FLOAT32, new DatasetLayout.Framing(false, false, 0), false,
                Datasets.Freeze.NONE), plain);
        DatasetLayout.Framing bos = new DatasetLayout.Framing(true, false, 0);
        Datasets.Freeze freeze = new Datasets.Freeze(new int[] {0}, 2);
        DatasetOptions all = plain.withDtype(Npy.Dtype.FLOAT64).withFraming(bos).withSimplexityNormalisation(true).withFreeze(freeze);
        assertEquals(new DatasetOptions(5, 8, Set.of(Output.TOKENS), Npy.Dtype.FLOAT64, bos, true, freeze), all);
        assertThrows(NullPointerException.class, () -> plain.withDtype(null));
    }

    @Test
    void aPlanRefusesWhatItsProcessCannotWriteNamingTheValue() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> mess3(DatasetOptions.of(1, 4, Set.of())));
        assertTrue(none.getMessage().startsWith("--outputs is empty"), none.getMessage());
        IllegalArgumentException factors = assertThrows(IllegalArgumentException.class,
                () -> mess3(DatasetOptions.of(1, 4, EnumSet.of(Output.TOKENS, Output.FACTOR_BELIEFS))));
        assertTrue(factors.getMessage().startsWith("--outputs factor-beliefs needs a factored process"), factors.getMessage());
    }

    @Test
    void theWriterRefusesValuesOutOfTheirRanges() {
        DatasetPlan plan = mess3(DatasetOptions.of(1, 4, TOKENS_BELIEFS));
        assertEquals("--first -1 and --count 3 must be >= 0 and >= 1 with a sum of at most 9223372036854775807",
                assertThrows(IllegalArgumentException.class, () -> new DatasetWriter(plan, -1, 3, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DatasetWriter(plan, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new DatasetWriter(plan, Long.MAX_VALUE, 1, 1));
        assertEquals("--threads 0 must be >= 1", assertThrows(IllegalArgumentException.class, () -> new DatasetWriter(plan, 0, 3, 0)).getMessage());
        DatasetPlan frozen = new DatasetPlan(FactoredProcess.of(Catalogue.mess3(0.15, 0.6), Catalogue.z1r()), TextNode.valueOf("pair"),
                DatasetOptions.of(1, 4, EnumSet.of(Output.TOKENS)).withFreeze(new Datasets.Freeze(new int[] {0}, 2)));
        assertEquals("--count 3 is not a multiple of --groups 2: every group must hold as many sequences",
                assertThrows(IllegalArgumentException.class, () -> new DatasetWriter(frozen, 0, 3, 1)).getMessage());
    }

    @Test
    void aLibraryWriteReportsProgressAndNeverReplacesADatasetWithoutOverwrite() throws Exception {
        DatasetPlan plan = mess3(DatasetOptions.of(1, 4, TOKENS_BELIEFS));
        Path out = tmp.resolve("ds");
        AtomicLong largest = new AtomicLong();
        new DatasetWriter(plan, 0, 5, 2).write(out, false, written -> largest.accumulateAndGet(written, Math::max));
        assertEquals(5, largest.get());
        byte[] tokens = Files.readAllBytes(out.resolve("tokens.npy"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetWriter(mess3(DatasetOptions.of(2, 4, TOKENS_BELIEFS)), 0, 5, 1).write(out, false));
        assertEquals("--out " + out + " is not empty: pass --overwrite to replace it whole", e.getMessage());
        assertArrayEquals(tokens, Files.readAllBytes(out.resolve("tokens.npy")));
        try (var entries = Files.list(tmp)) {
            assertEquals(1, entries.count(), "no temporary, no lock file left");
        }
    }

    @Test
    void theStreamRefusesValuesOutOfTheirRanges() {
        DatasetPlan plan = mess3(DatasetOptions.of(1, 4, TOKENS_BELIEFS));
        assertEquals("--batch 0 must be >= 1", assertThrows(IllegalArgumentException.class, () -> new BatchStream(plan, 0, 0, 1, 0, null, 1)).getMessage());
        assertEquals("--world 0 must be >= 1", assertThrows(IllegalArgumentException.class, () -> new BatchStream(plan, 2, 0, 0, 0, null, 1)).getMessage());
        assertEquals("--rank 2 must be in [0, --world 2)", assertThrows(IllegalArgumentException.class, () -> new BatchStream(plan, 2, 2, 2, 0, null, 1)).getMessage());
        assertEquals("--rank -1 must be in [0, --world 2)",
                assertThrows(IllegalArgumentException.class, () -> new BatchStream(plan, 2, -1, 2, 0, null, 1)).getMessage());
        assertEquals("--start-batch -1 must be >= 0", assertThrows(IllegalArgumentException.class, () -> new BatchStream(plan, 2, 0, 1, -1, null, 1)).getMessage());
        assertEquals("--batches 0 must be >= 1 (or null for an endless stream)",
                assertThrows(IllegalArgumentException.class, () -> new BatchStream(plan, 2, 0, 1, 0, 0L, 1)).getMessage());
        assertEquals("--threads 0 must be >= 1", assertThrows(IllegalArgumentException.class, () -> new BatchStream(plan, 2, 0, 1, 0, null, 0)).getMessage());
    }

    /** The options refuse a length or dtype a dataset cannot have, naming the value; the plan names --pad-to only for its own check. */
    @Test
    void theOptionsRefuseALengthBelowOneAndANonFloatingDtype() {
        assertEquals("length 0 must be >= 1", assertThrows(IllegalArgumentException.class, () -> DatasetOptions.of(1, 0, TOKENS_BELIEFS)).getMessage());
        assertEquals("dtype int32 must be float32 or float64",
                assertThrows(IllegalArgumentException.class, () -> DatasetOptions.of(1, 4, TOKENS_BELIEFS).withDtype(Npy.Dtype.INT32)).getMessage());
        IllegalArgumentException pad = assertThrows(IllegalArgumentException.class,
                () -> mess3(DatasetOptions.of(1, 4, TOKENS_BELIEFS).withFraming(new DatasetLayout.Framing(true, true, 3))));
        assertTrue(pad.getMessage().startsWith("--pad-to: the padded length 3 is shorter than a sequence"), pad.getMessage());
    }

    /** The plan keeps its own copy of the specification: changing the caller's node, or the one handed out, changes nothing. */
    @Test
    void aPlanIsNotChangedThroughTheSpecificationNode() {
        ObjectNode spec = Json.createObjectNode().put("name", "mess3");
        DatasetPlan plan = mess3Spec(spec);
        spec.put("name", "changed");
        assertEquals("mess3", plan.description().process().get("name").asText());
        ((ObjectNode) plan.description().process()).put("name", "changed");
        assertEquals("mess3", plan.description().process().get("name").asText());
        String header = plan.layout().streamHeader(plan.description(), 1, 0, 1, 0, 1L);
        assertTrue(header.contains("\"name\":\"mess3\""), header);
    }

    @Test
    void theStreamToAnOutputStreamIsTheStreamToAChannel() throws Exception {
        DatasetPlan plan = mess3(DatasetOptions.of(1, 4, TOKENS_BELIEFS));
        ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
        new BatchStream(plan, 3, 0, 1, 2, 2L, 2).write(viaStream);
        ByteArrayOutputStream viaChannel = new ByteArrayOutputStream();
        new BatchStream(plan, 3, 0, 1, 2, 2L, 1).write(Channels.newChannel(viaChannel));
        assertArrayEquals(viaChannel.toByteArray(), viaStream.toByteArray());
        String header = new String(viaStream.toByteArray(), 0, 200, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{\"format\":\"" + DatasetLayout.STREAM_FORMAT + "\""), header);
    }
}
