package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghmm stream}: batch k of rank r of W is sequences [g·B, (g+1)·B), g = k·W + r, of the dataset {@code sample}
 * writes, byte for byte, for the chain and a direct sum, with and without BOS; the header line; the end of the
 * stream when the reader goes, when the process turns invalid, and on bad input.
 */
class StreamCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, byte[] out, String err) {
    }

    static Run stream(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("stream"));
        argv.addAll(List.of(args));
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(argv.toArray(String[]::new));
        return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** A stream read back: its header and, per batch, the bytes of each output's .npy file. */
    record Parsed(JsonNode header, List<List<byte[]>> batches) {
    }

    /** Reads a stream as a reader in another language would: the line, then per output the 10-byte preamble, the dict, the data. */
    static Parsed parse(byte[] bytes) throws IOException {
        int newline = 0;
        while (bytes[newline] != '\n') {
            newline++;
        }
        JsonNode header = Json.parse(new String(bytes, 0, newline, StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).position(newline + 1);
        List<List<byte[]>> batches = new ArrayList<>();
        while (b.hasRemaining()) {
            List<byte[]> files = new ArrayList<>();
            for (JsonNode output : header.get("outputs")) {
                int start = b.position();
                byte[] magic = new byte[6];
                b.get(magic);
                assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic);
                assertEquals(1, b.get());
                assertEquals(0, b.get());
                int dictLength = Short.toUnsignedInt(b.getShort());
                b.position(b.position() + dictLength);
                long values = 1;
                for (JsonNode d : output.get("shape")) {
                    values *= d.asLong();
                }
                int size = Npy.Dtype.of(output.get("dtype").asText()).bytes();
                b.position((int) (b.position() + values * size));
                files.add(Arrays.copyOfRange(bytes, start, b.position()));
            }
            batches.add(files);
        }
        return new Parsed(header, batches);
    }

    static final String CHAIN = ShippedProcesses.shipped("shai-chain.json").toString();

    private Path sum() throws IOException {
        return Files.writeString(tmp.resolve("sum.json"), DatasetBytesTest.DIRECT_SUM);
    }

    /** The rows [from, from + count) of a sample file as a file of their own: the header of their shape, then their bytes. */
    static byte[] rows(Path file, long from, int count) throws IOException {
        try (Npy.Reader m = Npy.Reader.open(file)) {
            long[] shape = m.shape();
            long perSequence = m.size() / shape[0];
            int size = m.dtype().bytes();
            byte[] all = Files.readAllBytes(file);
            int data = all.length - (int) (m.size() * size);
            shape[0] = count;
            byte[] header = Npy.header(m.dtype(), shape);
            byte[] out = Arrays.copyOf(header, header.length + (int) (count * perSequence * size));
            System.arraycopy(all, data + (int) (from * perSequence * size), out, header.length, (int) (count * perSequence * size));
            return out;
        }
    }

    /**
     * Streams N batches of rank r and checks each against {@code sample --first g·B --count B} of the same dataset:
     * every output's file byte for byte.
     */
    /** A process on an explicit sparse composite vocabulary streams the rows sample writes for it. */
    @Test
    void aSparseCompositeVocabularyStreamsTheRowsSampleWrites() throws IOException {
        Path sparse = Files.writeString(tmp.resolve("sparse.json"), SimplexityConformanceTest.SPARSE_CHAIN);
        assertBatchesAreSampleRows(sparse.toString(), List.of("--length", "4", "--seed", "2", "--outputs", "tokens,beliefs,next", "--eos"), 3, 2, 1,
                0, 2, 1);
    }

    private void assertBatchesAreSampleRows(String process, List<String> common, int b, int world, int rank, int start, int n, int threads)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--process", process));
        args.addAll(common);
        args.addAll(List.of("--batch", "" + b, "--world", "" + world, "--rank", "" + rank, "--start-batch", "" + start, "--batches", "" + n,
                "--threads", "" + threads));
        Run r = stream(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        Parsed p = parse(r.out());
        assertEquals(n, p.batches().size());
        assertEquals(b, p.header().get("batch").asInt());
        assertEquals(start, p.header().get("start_batch").asLong());
        assertEquals(n, p.header().get("batches").asLong());
        for (int k = 0; k < n; k++) {
            long g = (long) (start + k) * world + rank;
            Path dir = tmp.resolve("sample-" + process.hashCode() + "-" + String.join("", common).hashCode() + "-" + g * b + "-" + b);
            if (!Files.exists(dir)) {
                List<String> sample = new ArrayList<>(List.of("sample", "--process", process, "--out", dir.toString(), "--first", "" + g * b,
                        "--count", "" + b));
                sample.addAll(common);
                assertEquals(0, CliTest.run(sample.toArray(String[]::new)).code());
            }
            int i = 0;
            for (JsonNode output : p.header().get("outputs")) {
                byte[] expected = Files.readAllBytes(dir.resolve(output.get("file").asText()));
                assertArrayEquals(expected, p.batches().get(k).get(i++), "batch " + (start + k) + " " + output);
            }
        }
    }

    /** The chain through a joint noisy channel: factor beliefs (marginals) and the factor gap stream as sample writes them. */
    @Test
    void aNoisyChainsFactorGapStreamsAsSampleWritesIt() throws IOException {
        Path noisy = Files.writeString(tmp.resolve("noisy.json"), "{\"noisy\": {\"process\": " + Files.readString(Path.of(CHAIN))
                + ", \"epsilon\": 0.1, \"over\": \"joint\", \"updates\": \"sent\"}}");
        List<String> common = List.of("--length", "5", "--seed", "3", "--outputs", "tokens,factor-beliefs,factor-gap", "--bos");
        assertBatchesAreSampleRows(noisy.toString(), common, 2, 1, 0, 0, 2, 2);
    }

    @Test
    void theChainsBatchesAreTheRowsOfSampleWithAndWithoutBos() throws IOException {
        List<String> plain = List.of("--length", "6", "--seed", "5", "--outputs", "tokens,factor-beliefs,logprob");
        List<String> bos = List.of("--length", "6", "--seed", "5", "--outputs", "tokens,factor-beliefs,logprob", "--bos");
        assertBatchesAreSampleRows(CHAIN, plain, 3, 1, 0, 0, 2, 1);
        assertBatchesAreSampleRows(CHAIN, bos, 3, 1, 0, 0, 2, 2);
        assertBatchesAreSampleRows(CHAIN, bos, 4, 3, 2, 1, 2, 3);
        assertBatchesAreSampleRows(CHAIN, plain, 1, 2, 1, 5, 3, 2);
    }

    /**
     * Long sequences cut a batch into chunks that the threads take from one counter across batches: at L = 4000 a chain
     * sequence with factor beliefs generates 4001 · 18 values, so a chunk holds max(⌈B / 2T⌉, ⌊2<sup>18</sup> / 72 018⌋
     * = 3) sequences: a batch of 7 is chunks of 4 and 3 on 1 thread, of 3, 3 and 1 on 2 and 3 threads; its bytes are
     * still sample's rows.
     */
    @Test
    void batchesOfSeveralChunksAreTheRowsOfSample() throws IOException {
        List<String> common = List.of("--length", "4000", "--seed", "6", "--outputs", "tokens,factor-beliefs", "--bos");
        assertBatchesAreSampleRows(CHAIN, common, 7, 1, 0, 0, 3, 2);
        assertBatchesAreSampleRows(CHAIN, common, 7, 2, 1, 1, 2, 3);
        assertBatchesAreSampleRows(CHAIN, common, 6, 1, 0, 2, 2, 1);
    }

    /** With frozen factors, EOS and padding a batch is still sample's rows with the same options; the header states them. */
    @Test
    void frozenAndPaddedBatchesAreTheRowsOfSample() throws IOException {
        List<String> all = List.of("--length", "5", "--seed", "8", "--outputs", "tokens,factor-beliefs,next,loss,logprob", "--freeze", "0,1",
                "--groups", "2", "--bos", "--eos", "--pad-to", "9");
        assertBatchesAreSampleRows(CHAIN, all, 4, 1, 0, 0, 2, 2);
        assertBatchesAreSampleRows(CHAIN, all, 2, 3, 2, 1, 2, 1);
        assertBatchesAreSampleRows(CHAIN, List.of("--length", "4", "--seed", "8", "--freeze", "0", "--groups", "3"), 3, 2, 1, 0, 2, 3);
        assertBatchesAreSampleRows(CHAIN, List.of("--length", "4", "--seed", "8", "--eos", "--outputs", "tokens,logprob"), 3, 1, 0, 1, 1, 2);
        assertBatchesAreSampleRows(CHAIN, List.of("--length", "4", "--seed", "8", "--pad-to", "6", "--outputs", "tokens,factor-beliefs"), 3, 1, 0, 0, 1, 1);
        JsonNode header = parse(stream("--process", CHAIN, "--length", "5", "--seed", "8", "--batch", "2", "--batches",
                "1", "--freeze", "0", "--groups", "2", "--eos", "--pad-to", "8").out()).header();
        assertEquals("[0]", header.get("freeze").toString());
        assertEquals(2, header.get("groups").asInt());
        assertEquals(432, header.get("eos").asInt());
        assertEquals(433, header.get("pad").asInt());
        assertEquals(8, header.get("pad_to").asInt());
    }

    @Test
    void aDirectSumsBatchesAreTheRowsOfSampleInFloat64() throws IOException {
        String sum = sum().toString();
        List<String> all = List.of("--length", "5", "--seed", "-2", "--outputs", "tokens,beliefs,next,loss,logprob", "--dtype", "float64", "--bos");
        assertBatchesAreSampleRows(sum, all, 7, 1, 0, 0, 2, 2);
        assertBatchesAreSampleRows(sum, all, 5, 4, 3, 2, 2, 3);
        assertBatchesAreSampleRows(sum, List.of("--length", "5", "--seed", "-2"), 2, 2, 0, 3, 2, 1);
    }

    /**
     * With {@code --simplexity-normalisation} a batch is still sample's rows with the option, so every belief is scaled
     * once (Tom Quantum's factor and the joint by 1/3, on every share of a batch); the header states it.
     */
    @Test
    void simplexityNormalisedBatchesAreTheRowsOfSampleWithTheOption() throws IOException {
        String process = Files.writeString(tmp.resolve("tq-mess3.json"),
                "{\"factored\": {\"structure\": \"independent\", \"factors\": [{\"variants\": [\"tom-quantum\"]}, {\"variants\": [\"mess3\"]}]}}")
                .toString();
        List<String> common = List.of("--length", "4", "--seed", "7", "--outputs", "tokens,beliefs,factor-beliefs", "--dtype", "float64",
                "--simplexity-normalisation");
        assertBatchesAreSampleRows(process, common, 5, 1, 0, 0, 2, 3);
        assertBatchesAreSampleRows(process, common, 3, 2, 1, 1, 2, 1);
        Run r = stream("--process", process, "--length", "2", "--seed", "1", "--batch", "2", "--batches", "1", "--simplexity-normalisation");
        assertEquals("simplexity", parse(r.out()).header().get("beliefNormalisation").asText());
        assertEquals(2, stream("--process", process, "--length", "2", "--seed", "1", "--batch", "2", "--simplexity-normalisation=yes").code());
    }

    /** Three ranks of two batches of 4 are the 24 sequences of sample --count 24, each once, in the order g = k·W + r. */
    @Test
    void theRanksAreDisjointAndTogetherCoverTheDataset() throws IOException {
        List<String> common = List.of("--process", CHAIN, "--length", "3", "--seed", "9", "--outputs", "tokens");
        byte[][] byG = new byte[6][];
        for (int rank = 0; rank < 3; rank++) {
            List<String> args = new ArrayList<>(common);
            args.addAll(List.of("--batch", "4", "--world", "3", "--rank", "" + rank, "--batches", "2"));
            Parsed p = parse(stream(args.toArray(String[]::new)).out());
            for (int k = 0; k < 2; k++) {
                byte[] file = p.batches().get(k).get(0);
                byG[k * 3 + rank] = Arrays.copyOfRange(file, file.length - 4 * 3 * 4, file.length);
            }
        }
        Path dir = tmp.resolve("whole");
        List<String> sample = new ArrayList<>(List.of("sample", "--out", dir.toString(), "--count", "24"));
        sample.addAll(common);
        assertEquals(0, CliTest.run(sample.toArray(String[]::new)).code());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] rows : byG) {
            joined.write(rows);
        }
        assertArrayEquals(rows(dir.resolve("tokens.npy"), 0, 24), concat(Npy.header(Npy.Dtype.INT32, 24, 3), joined.toByteArray()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void startingAtBatchKIsSkippingKBatches() throws IOException {
        String[] common = {"--process", "mess3:x=0.15,alpha=0.6", "--length", "4", "--seed", "3", "--batch", "3", "--world", "2", "--rank", "1"};
        Parsed whole = parse(stream(with(common, "--batches", "4")).out());
        Parsed resumed = parse(stream(with(common, "--start-batch", "2", "--batches", "2")).out());
        for (int k = 0; k < 2; k++) {
            for (int f = 0; f < 2; f++) {
                assertArrayEquals(whole.batches().get(k + 2).get(f), resumed.batches().get(k).get(f));
            }
        }
        assertEquals(2, resumed.header().get("start_batch").asInt());
    }

    private static String[] with(String[] common, String... more) {
        String[] all = Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }

    @Test
    void theHeaderIsOneLineWithTheKeysOfTheFormat() throws IOException {
        Run r = stream("--process", CHAIN, "--length", "2", "--seed", "1", "--batch", "2", "--batches", "1", "--bos", "--rank", "1", "--world", "2");
        byte[] out = r.out();
        String line = new String(out, 0, indexOf(out, (byte) '\n'), StandardCharsets.UTF_8);
        JsonNode h = Json.parse(line);
        List<String> keys = new ArrayList<>();
        h.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("format", "process", "seed", "batch", "rank", "world", "start_batch", "batches", "length", "dtype", "outputs",
                "alphabet", "factors", "bos", "version"), keys);
        assertEquals("ghmm-stream/1", h.get("format").asText());
        assertEquals(432, h.get("bos").asInt());
        assertEquals(5, h.get("factors").size());
        assertEquals("[2,3]", h.get("outputs").get(0).get("shape").toString(), "tokens [B, L+1]");
        assertEquals("[2,3,3]", h.get("outputs").get(1).get("shape").toString(), "factor 0 [B, L+1, d]");
        assertEquals(0, h.get("outputs").get(1).get("factor").asInt());
        assertTrue(stream("--process", CHAIN, "--length", "2", "--seed", "1", "--batch", "2", "--batches", "1").out().length > 0);
        Parsed endless = parse(Arrays.copyOf(out, indexOf(out, (byte) '\n') + 1));
        assertTrue(endless.batches().isEmpty());
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** An endless stream (no --batches) whose reader reads a little and closes the pipe: exit 0 at once, nothing on stderr. */
    @Test
    void aReaderThatClosesThePipeEndsTheStreamQuietly() throws Exception {
        Path err = tmp.resolve("stderr.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "stream", "--process", CHAIN, "--length", "8", "--seed", "1",
                "--batch", "64").redirectError(err.toFile()).start();
        try (InputStream in = child.getInputStream()) {
            byte[] some = in.readNBytes(100_000);
            assertEquals(100_000, some.length, "an endless stream");
            assertEquals('{', some[0]);
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "ended after the reader went");
        assertEquals(0, child.exitValue());
        assertEquals("", Files.readString(err));
    }

    /** Sequences that start with "a" turn the process invalid: with B = 1 the batches before the first such one are out, whole. */
    @Test
    void aProcessThatTurnsInvalidStopsTheStreamAtABatchBoundary() throws IOException {
        Path file = Files.writeString(tmp.resolve("invalid.json"), """
                {"alphabet": ["a", "b"],
                 "transfer": [[[0, 0.5], [-0.25, 0]], [[0.5, 0], [0, 1.25]]],
                 "initial": [1, 0]}
                """);
        Run r = stream("--process", file.toString(), "--length", "3", "--seed", "10", "--batch", "1", "--outputs", "tokens");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        Matcher m = Pattern.compile("^ghmm stream: sequence (\\d+): .*-0\\.25").matcher(r.err());
        assertTrue(m.find(), r.err());
        int failed = Integer.parseInt(m.group(1));
        assertTrue(failed > 0, "seed 10 fails at sequence 1: " + r.err());
        Parsed p = parse(r.out());
        assertEquals(failed, p.batches().size(), "every batch before the failing sequence, whole");
        // seed 4 fails in its first batch: then not even the header is written
        Run first = stream("--process", file.toString(), "--length", "3", "--seed", "4", "--batch", "1", "--outputs", "tokens");
        assertEquals(2, first.code());
        assertEquals(0, first.out().length);
    }

    @Test
    void badInputIsExitTwoOneLineAndNoByteOnStdout() throws IOException {
        String[] base = {"--process", "mess3:x=0.15,alpha=0.6", "--length", "4", "--seed", "1", "--batch", "3"};
        String[][] cases = {
            {"--rank", "2", "--world", "2"}, {"--rank", "-1"}, {"--world", "0"}, {"--batch", "0"}, {"--batches", "0"}, {"--start-batch", "-1"},
            {"--outputs", "tokens,bogus"}, {"--outputs", "factor-beliefs"}, {"--dtype", "int32"}, {"--threads", "0"}, {"--length", "0"},
            {"--seed", "x"}, {"--start-batch", "9223372036854775807"}, {"--world", "2147483647", "--start-batch", "5000000000", "--batches", "1"},
            {"--batch", "2147483647", "--outputs", "tokens,beliefs,next"}, {"--process", "no-such-process"},
        };
        for (String[] c : cases) {
            Run r = stream(with(base, c));
            String what = String.join(" ", c);
            assertEquals(2, r.code(), what + ": " + r.err());
            assertEquals(0, r.out().length, what);
            assertEquals(1, r.err().strip().split("\n").length, what + ": " + r.err());
            assertTrue(r.err().startsWith("ghmm stream: "), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
        Run missing = stream("--process", "mess3:x=0.15,alpha=0.6", "--length", "4", "--seed", "1");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("'--batch'"), missing.err());
    }

    @Test
    void helpStatesTheMemoryBoundAndTheContract() {
        CliTest.Result r = CliTest.run("stream", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("at most three batches ahead"), r.out());
        assertTrue(r.out().contains("g = k*W + r"), r.out());
        for (String option : new String[] {"--process", "--length", "--seed", "--outputs", "--dtype", "--bos", "--threads", "--batch",
            "--start-batch", "--batches", "--rank", "--world"}) {
            assertTrue(r.out().contains(option), option);
        }
    }
}
