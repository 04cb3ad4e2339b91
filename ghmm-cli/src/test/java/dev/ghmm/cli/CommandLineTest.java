package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.io.Version;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.output.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: help, version, completion, text output, escaping, and the fixed bugs of the bad-input issue. */
class CommandLineTest {
    private static final List<String> COMMANDS = List.of("describe", "eval", "check-partition", "sample", "stream", "measures", "msp", "probe", "steer",
        "decompose", "demo", "completion");

    @TempDir
    Path tmp;

    @Test
    void everyCommandHasHelpAndVersion() {
        for (String command : COMMANDS) {
            CliTest.Result help = run(command, "--help");
            assertEquals(0, help.code(), command + ": " + help.err());
            assertTrue(help.out().contains("Usage: ghmm " + command), command + ": " + help.out());
            assertEquals("", help.err(), command);
            CliTest.Result version = run(command, "--version");
            assertEquals(0, version.code(), command);
            assertEquals("ghmm " + Version.CURRENT, version.out().strip(), command);
        }
        assertTrue(run("sample", "--help").out().contains("--threads"));
    }

    @Test
    void theRootListsTheCommandsTheProcessesAndTheExitCodes() {
        for (String[] args : new String[][] {{"--help"}, {"help"}}) {
            CliTest.Result r = run(args);
            assertEquals(0, r.code());
            for (String command : COMMANDS) {
                assertTrue(r.out().contains(command), command + " in\n" + r.out());
            }
            assertTrue(r.out().contains("Exit codes"), r.out());
            assertTrue(r.out().contains("mess3"), "the built-in processes: " + r.out());
        }
        assertTrue(run("help", "msp").out().contains("--colour"));
        assertEquals("ghmm " + Version.CURRENT, run("--version").out().strip());
    }

    @Test
    void everyHelpLineIsAWholeSentence() {
        // the root listing shows a command's first description line alone: steer's stopped at "probed belief"
        picocli.CommandLine root = new Main(System.out, System.err).commandLine();
        for (picocli.CommandLine c : root.getSubcommands().values()) {
            for (String line : c.getCommandSpec().usageMessage().description()) {
                assertTrue(line.endsWith(".") || line.endsWith(")") || line.endsWith(".%n"), c.getCommandName() + ": " + line);
            }
        }
        assertTrue(run("--help").out().contains("unchanged."), run("--help").out());
        assertFalse(run("describe", "--help").out().contains("matrices"), "describe prints no matrices");
    }

    @Test
    void aMisspeltOptionGetsASuggestionEvenWhenARequiredOneIsMissing() {
        assertEquals("ghmm sample: unknown option --lenght (did you mean --length?); run ghmm sample --help",
                run("sample", "--process", "z1r", "--count", "2", "--lenght", "3", "--seed", "1", "--out", tmp.resolve("d").toString()).err().strip());
        assertTrue(run("describe", "--proces", "z1r").err().contains("(did you mean --process?)"));
    }

    @Test
    void completionRefusesText() {
        CliTest.Result r = run("completion", "--text");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("--text does not apply: the completion script is text already"), r.err());
    }

    @Test
    void completionPrintsABashScriptForEveryCommandAndOption() {
        CliTest.Result r = run("completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("complete -F"), r.out());
        for (String word : new String[] {"check-partition", "--max-length", "--colour", "--overwrite"}) {
            assertTrue(r.out().contains(word), word);
        }
    }

    @Test
    void evalReadsAWordsFileAlone() throws IOException {
        // the NullPointerException of the issue: --words without any --word
        Path words = Files.writeString(tmp.resolve("words.txt"), "0 1\n\n1 0\n");
        CliTest.Result r = run("eval", "--process", "z1r", "--words", words.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().lines().count());
    }

    @Test
    void threadsBeyondTheProcessorsAreCappedAndChangeNoByte() throws IOException {
        Path one = tmp.resolve("one");
        Path many = tmp.resolve("many");
        String[] common = {"sample", "--process", "mess3", "--count", "6", "--length", "5", "--seed", "3", "--outputs", "tokens,beliefs"};
        assertEquals(0, run(with(common, "--out", one.toString(), "--threads", "1")).code());
        CliTest.Result r = run(with(common, "--out", many.toString(), "--threads", "100000"));
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"tokens.npy", "beliefs.npy", "meta.json"}) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(many.resolve(f)), f);
        }
    }

    @Test
    void theSmallestLongIsASeed() throws IOException {
        Path out = tmp.resolve("d");
        CliTest.Result r = run("sample", "--process", "z1r", "--count", "2", "--length", "3", "--seed", "-9223372036854775808", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Long.MIN_VALUE, Json.readTree(out.resolve("meta.json")).get("seed").asLong());
        assertEquals(Long.MIN_VALUE, r.json().get("seed").asLong());
    }

    @Test
    void anOptionGivenTwiceIsRefusedAndAListAddsUp() throws IOException {
        // describe --process a --process b silently described b before
        CliTest.Result r = run("measures", "--process", "z1r", "--max-length", "1", "--max-length", "3");
        assertEquals(2, r.code());
        assertEquals("ghmm measures: --max-length is given more than once: give it once; run ghmm measures --help", r.err().strip());
        CliTest.Result words = run("eval", "--process", "z1r", "--word", "0", "--word", "1");
        assertEquals(0, words.code(), words.err());
        assertEquals(2, words.out().lines().count());
    }

    @Test
    void measuresPrintNoNaN() throws IOException {
        // mess3 has no finite MSP: the statistical complexity is undefined and printed as null
        CliTest.Result r = run("measures", "--process", "mess3", "--max-length", "1");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        assertTrue(r.json().get("statisticalComplexity").isNull());
        assertTrue(r.json().get("entropyRate").isNumber());
    }

    @Test
    void textIsForAPersonOnEveryCommand() throws IOException {
        Path out = tmp.resolve("t");
        String[][] commands = {
            {"describe", "--process", "z1r"},
            {"eval", "--process", "z1r", "--word", "0 1"},
            {"check-partition", "--process", "z1r-prime", "--partition", "0|1 2"},
            {"sample", "--process", "z1r", "--count", "2", "--length", "3", "--seed", "1", "--out", out.toString()},
            {"measures", "--process", "z1r", "--max-length", "4"},
            {"msp", "--process", "z1r-prime", "--depth", "10"},
            {"demo"},
        };
        String[] expected = {"finest invariant partition", "0 1: Pr = ", "is preserved", "wrote 2 sequences of length 3",
            "entropy rate h_mu: 0.333333 (exact", "7 beliefs, finite", "sector block sizes"};
        for (int k = 0; k < commands.length; k++) {
            CliTest.Result r = run(with(commands[k], "--text"));
            assertEquals(0, r.code(), commands[k][0] + ": " + r.err());
            assertTrue(r.out().contains(expected[k]), commands[k][0] + ":\n" + r.out());
            assertFalse(r.out().strip().startsWith("{"), commands[k][0] + " prints text, not JSON:\n" + r.out());
        }
        String table = run("measures", "--process", "z1r", "--max-length", "2", "--text").out();
        assertTrue(table.contains("  L  H(L)"), table);
        String msp = run("msp", "--process", "z1r-prime", "--depth", "10", "--text").out();
        assertTrue(msp.contains("recurrent class") && msp.contains("transient"), msp);
    }

    @Test
    void checkPartitionTextNamesTheSymbolOfEachViolationAndExitsOne() {
        CliTest.Result r = run("check-partition", "--process", "z1r", "--partition", "0|1 2", "--text");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().startsWith("partition 0|1 2 is violated by 3 entries"), r.out());
        assertTrue(r.out().contains("  T(0)["), r.out());
    }

    @Test
    void textEscapesControlCharactersAndBidiOverridesInNames() throws IOException {
        // U+202E reverses what a terminal shows after it; ESC starts a terminal command. A process name may hold them
        // and --text shows them escaped; a symbol name may not (it is refused when the file is read)
        Path file = Files.writeString(tmp.resolve("names.json"), """
                {"name": "evil\\u202Ename\\u001b[2J", "alphabet": ["a", "c"], "transfer": [[[0.5]], [[0.5]]]}
                """);
        CliTest.Result described = run("describe", "--process", file.toString(), "--text");
        assertEquals(0, described.code(), described.err());
        assertFalse(described.out().contains("\u202E") || described.out().contains("\u001b"), described.out());
        assertTrue(described.out().contains("evil\\u202Ename\\u001B[2J"), described.out());
        // JSON keeps the name as it is: a JSON reader gets the real text
        JsonNode json = run("describe", "--process", file.toString()).json();
        assertEquals("evil\u202Ename\u001b[2J", json.get("name").asText());
        Path symbols = Files.writeString(tmp.resolve("symbols.json"), """
                {"alphabet": ["a\\u202Eb", "c"], "transfer": [[[0.5]], [[0.5]]]}
                """);
        CliTest.Result refused = run("describe", "--process", symbols.toString(), "--text");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("symbol 0 has name \"a\\u202Eb\": names must be non-empty, printable"), refused.err());
        assertFalse(refused.err().contains("\u202E"), "the error line itself prints safely");
    }

    @Test
    void escapingKeepsPrintableTextAndShowsEveryInvisibleCharacter() {
        assertEquals("plain × text …", Output.escape("plain × text …"));
        assertEquals("a\\nb\\tc\\u0000\\u200B\\u{E0001}", Output.escape("a\nb\tc\u0000\u200B" + new String(Character.toChars(0xE0001))));
        assertEquals("0.333333", Output.number(1.0 / 3));
        assertEquals("1e-12", Output.number(1e-12));
        assertEquals("undefined", Output.number(Double.NaN));
    }

    @Test
    void runningOutOfMemoryIsOneLineNamingTheWorkload() throws IOException, InterruptedException {
        // a JVM of 64 MiB: one sequence of 40 000 000 tokens needs about 1 GiB of doubles while it is generated
        Path out = tmp.resolve("big");
        Path log = tmp.resolve("stderr.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "sample", "--process", "z1r", "--count", "1", "--length", "40000000", "--seed", "1", "--out", out.toString(), "--outputs", "tokens")
                .redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "finished");
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, child.exitValue(), lines.toString());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("ghmm sample: out of memory on --count 1 --length 40000000 of the process z1r"), lines.get(0));
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void runningOutOfMemoryWhileLoadingNamesTheProcessNotTheWords() throws IOException, InterruptedException {
        // 4000 states: dense work on T holds 4000² doubles (122 MiB), more than a heap of 64 MiB
        int n = 4000;
        StringBuilder json = new StringBuilder("{\"alphabet\": [\"0\", \"1\"], \"transfer\": [");
        for (int x = 0; x < 2; x++) {
            json.append(x == 0 ? "" : ", ").append("{\"rows\": ").append(n).append(", \"cols\": ").append(n).append(", \"entries\": [");
            for (int i = 0; i < n; i++) {
                json.append(i == 0 ? "" : ", ").append('[').append(i).append(", ").append(x == 0 ? (i + 1) % n : i).append(", 0.5]");
            }
            json.append("]}");
        }
        Path file = Files.writeString(tmp.resolve("big.json"), json.append("]}").toString());
        Path log = tmp.resolve("stderr.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "eval", "--process", file.toString(), "--word", "0 1")
                .redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "finished");
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, child.exitValue(), lines.toString());
        assertEquals(1, lines.size(), lines.toString());
        // "out of memory on the words of --word and --words" before the fix
        assertTrue(lines.get(0).startsWith("ghmm eval: out of memory on the process " + file + ": the Java heap holds at most"), lines.get(0));
    }

    @Test
    void aWriteErrorWithoutAPathIsReportedAgainstTheFile() {
        Path png = tmp.resolve("h.png");
        // ImageIO's "I/O error writing PNG file!" around the system's "No space left on device"
        java.nio.file.FileSystemException e = org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.FileSystemException.class,
                () -> Output.naming(png, () -> {
                    throw new javax.imageio.IIOException("I/O error writing PNG file!", new IOException("No space left on device"));
                }));
        assertEquals(png + ": No space left on device", OutputFiles.describe(e));
        java.nio.file.FileSystemException partial = org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.FileSystemException.class,
                () -> Output.naming(png, () -> {
                    throw new java.nio.file.AccessDeniedException(tmp.resolve(".h.png.partial").toString());
                }));
        assertEquals(png + ": permission denied", OutputFiles.describe(partial));
    }

    @Test
    void anInternalErrorIsExitThreeAndOneLineNotACheckFailure() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Main main = new Main(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(3, main.failure("ghmm sample", "--count 1", new IllegalStateException("a broken invariant")));
        assertEquals("ghmm sample: internal error: java.lang.IllegalStateException: a broken invariant",
                err.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
        assertEquals(2, main.failure("ghmm sample", "--count 1", new IllegalArgumentException("bad")), "bad input stays 2");
        assertEquals(2, main.failure("ghmm sample", "--count 1", new java.io.UncheckedIOException(new java.io.IOException("disk"))));
        assertTrue(run("--help").out().contains("3   internal error"), run("--help").out());
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
