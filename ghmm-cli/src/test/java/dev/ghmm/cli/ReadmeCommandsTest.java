package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Command line" block runs top to bottom as written, in a fresh directory beside the repository's
 * {@code docs/} and {@code examples/}: each {@code java -jar ghmm-cli/target/ghmm.jar} line as {@link Main} in a child
 * JVM (the test class path instead of the jar; {@code > FILE} redirects its stdout), each {@code python3} line with
 * python3 (skipped, saying why, where python3 with numpy is absent). So does the guide's vary-one dataset command.
 */
class ReadmeCommandsTest {
    private static final String JAR = "java -jar ghmm-cli/target/ghmm.jar ";

    @TempDir
    Path tmp;

    /** The repository root: the parent of this module's directory (Maven runs tests from the module). */
    private static Path repositoryRoot() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
    }

    /** The command lines of the first bash block after a heading, a line that ends in a backslash joined to the next. */
    static List<String> commandLines(String document, String heading) {
        int section = document.indexOf("\n" + heading + "\n");
        assertTrue(section >= 0, "no heading " + heading);
        int start = document.indexOf("```bash\n", section) + "```bash\n".length();
        String block = document.substring(start, document.indexOf("```", start)).replaceAll("\\\\\n\\s*", " ");
        return block.lines().filter(l -> !l.isBlank()).toList();
    }

    /** A line split as a POSIX shell splits it with double quotes and {@code #} comments, nothing else. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '"') {
                quoted = !quoted;
                word = word == null ? new StringBuilder() : word;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (!quoted && c == '#' && word == null) {
                break;
            } else {
                word = (word == null ? new StringBuilder() : word).append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    @Test
    void wordsSplitLikeAShell() {
        assertEquals(List.of("steer", "--to", "0.8 0.1 0.1", "--out", "s.npy"), words("steer --to \"0.8 0.1 0.1\" --out s.npy  # comment"));
        assertEquals(List.of("a", ""), words("a \"\""));
    }

    @Test
    void theReadmeCommandLinesRunAsWritten() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Files.createSymbolicLink(tmp.resolve("docs"), root.resolve("docs"));
        Files.createSymbolicLink(tmp.resolve("examples"), root.resolve("examples"));
        List<String> lines = commandLines(Files.readString(root.resolve("README.md")), "## Command line");
        assertTrue(lines.size() >= 10, lines.toString());
        for (String line : lines) {
            runLine(line);
        }
        for (String written : List.of("data/meta.json", "batches.bin", "h.png", "msp/meta.json", "beliefs.png", "acts.npy", "probe/probe.json",
                "steer.npy")) {
            assertTrue(Files.isRegularFile(tmp.resolve(written)), written);
        }
        assertTrue(Files.size(tmp.resolve("batches.bin")) > 4 * 256 * 32 * 4, "four batches of 256 x 32 int32 tokens at least");
    }

    /** The guide's vary-one dataset: the command as written, and its meta.json states the frozen factor and K. */
    @Test
    void theGuidesVaryOneDatasetCommandRunsAsWritten() throws IOException, InterruptedException {
        Files.createSymbolicLink(tmp.resolve("docs"), repositoryRoot().resolve("docs"));
        List<String> lines = commandLines(Files.readString(repositoryRoot().resolve("docs/guide.md")), "### Vary-one datasets: frozen factors");
        assertEquals(1, lines.size(), lines.toString());
        runLine(lines.get(0));
        JsonNode meta = new ObjectMapper().readTree(tmp.resolve("vary-one/meta.json").toFile());
        assertEquals("[0]", meta.get("freeze").toString());
        assertEquals(64, meta.get("groups").asInt());
        assertEquals(1024, meta.get("count").asInt());
    }

    /** Runs a documented line in {@link #tmp}: a jar line as {@link Main} in a child JVM, a python3 line with python3. */
    private void runLine(String line) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (line.startsWith(JAR)) {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            command.addAll(words(line.substring(JAR.length())));
        } else {
            assertTrue(line.startsWith("python3 "), "a documented line this test cannot run: " + line);
            assumeTrue(python(), "python3 with numpy is absent: the lines from \"" + line + "\" on are not run");
            command.addAll(words(line));
        }
        Path log = tmp.resolve("log.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile()).redirectError(log.toFile()).redirectOutput(
                ProcessBuilder.Redirect.DISCARD);
        int redirect = command.indexOf(">");
        if (redirect >= 0) {
            builder.command(command.subList(0, redirect)).redirectOutput(tmp.resolve(command.get(redirect + 1)).toFile());
        }
        Process p = builder.start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), line);
        } finally {
            p.destroyForcibly(); // nothing is left running if the line hangs
        }
        assertEquals(0, p.exitValue(), line + "\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static boolean python() throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException absent) {
            return false;
        }
    }
}
