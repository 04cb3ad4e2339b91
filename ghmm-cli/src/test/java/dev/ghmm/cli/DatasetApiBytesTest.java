package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.io.dataset.DatasetLayout;
import dev.ghmm.io.Npy;
import dev.ghmm.io.dataset.BatchStream;
import dev.ghmm.io.dataset.DatasetOptions;
import dev.ghmm.io.dataset.DatasetPlan;
import dev.ghmm.io.dataset.DatasetWriter;
import dev.ghmm.io.process.ProcessFiles;
import dev.ghmm.process.Process;
import dev.ghmm.sampling.Datasets;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API of {@code dev.ghmm.io.dataset} and the commands write the same bytes: a directory of
 * {@link DatasetWriter} is {@code ghmm sample}'s, file for file, and {@link BatchStream} to an output stream is
 * {@code ghmm stream}'s stdout, for the chain with every option that changes a byte (BOS, EOS, padding, float64, a
 * shard, frozen factors, the factor gap) and a direct sum with simplexity's normalisation.
 */
class DatasetApiBytesTest {
    @TempDir
    Path tmp;

    private void assertSameBytes(String spec, DatasetOptions options, String... flags) throws Exception {
        Process p = ProcessFiles.load(spec);
        DatasetPlan plan = new DatasetPlan(p, ProcessFiles.specJson(spec), options);

        Path api = tmp.resolve("api");
        new DatasetWriter(plan, 3, 6, 2).write(api, false);
        Path cli = tmp.resolve("cli");
        List<String> sample = new ArrayList<>(List.of("sample", "--process", spec, "--out", cli.toString(), "--first", "3", "--count", "6",
                "--threads", "2"));
        sample.addAll(List.of(flags));
        CliTest.Result r = run(sample.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        Map<String, String> files = DatasetBytesTest.hashes(cli);
        assertEquals(files, DatasetBytesTest.hashes(api));

        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        new BatchStream(plan, 2, 1, 2, 1, 2L, 2).write(streamed);
        List<String> stream = new ArrayList<>(List.of("--process", spec, "--batch", "2", "--rank", "1", "--world", "2", "--start-batch", "1",
                "--batches", "2", "--threads", "2"));
        stream.addAll(List.of(flags));
        StreamCommandTest.Run s = StreamCommandTest.stream(stream.toArray(String[]::new));
        assertEquals(0, s.code(), s.err());
        assertArrayEquals(s.out(), streamed.toByteArray());
    }

    @Test
    void theChainWithEveryOptionThatChangesAByte() throws Exception {
        DatasetOptions options = new DatasetOptions(-7, 5, DatasetPlan.outputs("tokens,factor-beliefs,next,loss,logprob,factor-gap"),
                Npy.Dtype.FLOAT64, new DatasetLayout.Framing(true, true, 9), false, new Datasets.Freeze(new int[] {0}, 2));
        assertSameBytes(StreamCommandTest.CHAIN, options, "--seed", "-7", "--length", "5", "--outputs",
                "tokens,factor-beliefs,next,loss,logprob,factor-gap", "--dtype", "float64", "--bos", "--eos", "--pad-to", "9", "--freeze", "0",
                "--groups", "2");
    }

    @Test
    void aDirectSumWithSimplexityNormalisation() throws Exception {
        Path spec = Files.writeString(tmp.resolve("sum.json"), DatasetBytesTest.DIRECT_SUM);
        Process p = ProcessFiles.load(spec.toString());
        DatasetOptions options = DatasetOptions.of(11, 4, DatasetPlan.defaultOutputs(p)).withSimplexityNormalisation(true);
        assertSameBytes(spec.toString(), options, "--seed", "11", "--length", "4", "--simplexity-normalisation");
    }
}
