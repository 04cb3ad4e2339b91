package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: every row of {@code badinput/cases.tsv} runs through {@link Main#run} and must exit with its
 * code (2), print nothing on stdout and exactly one line on stderr that contains its fragment and no stack trace,
 * and leave the fixture directory as it was (no dataset, no {@code .ghmm-partial} directory). Bad composite process
 * files are the cases of {@link ProcessFileErrorsTest}.
 */
class BadInputCorpusTest {
    private static final String TABLE = "/badinput/cases.tsv";

    @TempDir
    static Path tmp;

    /** The fixtures, copied so that a command that wrongly writes cannot touch the sources. */
    private static Path dir;

    record Case(String name, int code, String fragment, String arguments) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void copyFixtures() throws IOException, URISyntaxException {
        Path source = Path.of(Objects.requireNonNull(BadInputCorpusTest.class.getResource("/badinput")).toURI());
        dir = tmp.resolve("badinput");
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.toList()) {
                Path target = dir.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (var in = Objects.requireNonNull(BadInputCorpusTest.class.getResourceAsStream(TABLE))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                assertEquals(4, cells.length, "four tab-separated cells: " + line);
                cases.add(new Case(cells[0], Integer.parseInt(cells[1]), cells[2], cells[3]));
            }
        }
        return cases;
    }

    @Test
    void theCorpusCoversEveryCommandWithDistinctCases() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 150, "cases: " + cases.size());
        Set<String> names = new HashSet<>();
        for (Case c : cases) {
            assertTrue(names.add(c.name()), "case names are unique: " + c.name());
        }
        for (String command : List.of("describe", "eval", "check-partition", "sample", "measures", "msp", "probe", "steer", "demo", "completion")) {
            assertTrue(cases.stream().anyMatch(c -> c.arguments().startsWith(command + " ")), command);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsOneLineAndExitTwo(Case c) throws IOException {
        if (c.arguments().contains("/proc/")) {
            Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a read-only /proc");
        }
        String[] args = arguments(c.arguments()).stream().map(BadInputCorpusTest::substitute).toArray(String[]::new);
        String fragment = substitute(c.fragment());
        Map<String, Long> before = listing(dir);
        CliTest.Result r = run(args);
        String context = c.name() + " " + shorten(String.join(" ", args)) + " -> exit " + r.code() + ", stderr " + r.err() + ", stdout " + r.out();
        assertEquals(c.code(), r.code(), context);
        if (c.code() == 2) {
            assertEquals("", r.out(), context);
        }
        assertTrue(r.err().endsWith("\n"), context);
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), context);
        assertTrue(lines.get(0).contains(fragment), () -> "lacks \"" + fragment + "\": " + context);
        assertTrue(lines.get(0).startsWith("ghmm"), context);
        for (String leak : new String[] {"\tat ", "Exception in", "Exception:", "picocli."}) {
            assertFalse(r.err().contains(leak), context);
        }
        assertEquals(before, listing(dir), "nothing written or left behind: " + context);
    }

    private static String shorten(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "…";
    }

    private static String substitute(String s) {
        return s.replace("{dir}", dir.toString()).replace("{digits}", "9".repeat(100_000));
    }

    /** Every file and directory under {@code root} (dot-files included) with its size. */
    private static Map<String, Long> listing(Path root) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.forEach(p -> {
                try {
                    files.put(root.relativize(p).toString(), Files.isDirectory(p) ? -1 : Files.size(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return files;
    }

    /** Splits at spaces; "..." quotes one argument, with the escapes \" \\ \n \t and \\uXXXX inside. */
    static List<String> arguments(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = null;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == ' ') {
                if (current != null) {
                    args.add(current.toString());
                    current = null;
                }
            } else if (c == '"') {
                current = current == null ? new StringBuilder() : current;
                for (k++; line.charAt(k) != '"'; k++) {
                    char q = line.charAt(k);
                    if (q != '\\') {
                        current.append(q);
                        continue;
                    }
                    char e = line.charAt(++k);
                    switch (e) {
                        case 'n' -> current.append('\n');
                        case 't' -> current.append('\t');
                        case 'u' -> {
                            current.append((char) Integer.parseInt(line.substring(k + 1, k + 5), 16));
                            k += 4;
                        }
                        default -> current.append(e);
                    }
                }
            } else {
                current = current == null ? new StringBuilder() : current;
                current.append(c);
            }
        }
        if (current != null) {
            args.add(current.toString());
        }
        return args;
    }
}
