package dev.ghmm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java in the documentation runs as written. Every {@code ```java} block of README.md and docs/*.md runs in
 * JShell started as the README starts it (DEFAULT, then jshell/ghmm.jsh): one JShell per document, its blocks in
 * order, so a block may use what an earlier block of the same document declared. A block whose last non-blank line
 * before the fence is {@code <!-- not run: reason -->} is skipped; blocks in other languages are not run.
 */
class DocSnippetsTest {
    private static final Path ROOT = BomTest.ROOT;
    private static final Pattern NOT_RUN = Pattern.compile("<!--\\s*not run:\\s*(\\S.*?)\\s*-->");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)");
    private static final Pattern ON_DEMAND_IMPORT = Pattern.compile("(?m)^import\\s+(dev\\.ghmm[\\w.]*)\\.\\*\\s*;");

    /**
     * A fenced block of a Markdown document.
     *
     * @param language the word after the opening fence ("" if none)
     * @param number   its number among the document's java blocks, from 1 (0 for other languages)
     * @param line     the line of its opening fence, from 1
     * @param notRun   the reason of its not-run marker, or null
     * @param source   the lines between the fences
     */
    record Block(String language, int number, int line, String notRun, String source) {
        boolean runs() {
            return language.equals("java") && notRun == null;
        }
    }

    static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** The fenced blocks of a Markdown document, in order. */
    static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        int javaBlocks = 0;
        String previous = "";   // the last non-blank line outside a block
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("```")) {
                previous = line.isEmpty() ? previous : line;
                continue;
            }
            int fence = i + 1;
            String language = line.substring(3).strip();
            StringBuilder source = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                source.append(lines.get(i)).append('\n');
            }
            if (i == lines.size()) {
                throw new AssertionError("the block at line " + fence + " is not closed");
            }
            Matcher marker = NOT_RUN.matcher(previous);
            blocks.add(new Block(language, language.equals("java") ? ++javaBlocks : 0, fence,
                    marker.matches() ? marker.group(1) : null, source.toString()));
            previous = "```";
        }
        return blocks;
    }

    private static String name(Path document) {
        return ROOT.relativize(document).toString();
    }

    @TestFactory
    Stream<DynamicTest> javaBlocksRunAsWritten() throws IOException {
        return documents().stream().map(document -> dynamicTest(name(document), () -> {
            List<Block> blocks = blocks(Files.readAllLines(document)).stream().filter(Block::runs).toList();
            if (blocks.isEmpty()) {
                return;
            }
            List<String> problems = new ArrayList<>();
            try (JShellSession shell = JShellSession.withGhmmStartup()) {
                for (Block block : blocks) {
                    for (JShellSession.Problem problem : shell.run(block.source())) {
                        problems.add(name(document) + " java block " + block.number() + ", line " + (block.line() + 1 + problem.line())
                                + ": " + problem);
                    }
                }
            }
            if (!problems.isEmpty()) {
                fail(String.join("\n", problems));
            }
        }));
    }

    @Test
    void theReadmeAndTheGuideHaveJavaThatRuns() throws IOException {
        for (String document : List.of("README.md", "docs/guide.md")) {
            assertTrue(blocks(Files.readAllLines(ROOT.resolve(document))).stream().anyMatch(Block::runs), document);
        }
    }

    @Test
    void noJavaLineStartsWithADotSoThatPastingIntoJShellWorks() throws IOException {
        // jshell runs a line once it is complete: "Ghmm.builder()" alone is, and the next line ".symbol(...)" then fails
        List<String> leading = new ArrayList<>();
        for (Path document : documents()) {
            for (Block block : blocks(Files.readAllLines(document))) {
                if (!block.language().equals("java")) {
                    continue;
                }
                List<String> lines = block.source().lines().toList();
                for (int k = 0; k < lines.size(); k++) {
                    if (lines.get(k).stripLeading().startsWith(".")) {
                        leading.add(name(document) + " java block " + block.number() + ", line " + (block.line() + 1 + k) + ": " + lines.get(k).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), leading);
    }

    @Test
    void noCommandLineWritesOptionalSyntaxLiterally() throws IOException {
        // "[--colour probability]" pasted into a shell passes the brackets to ghmm
        List<String> literal = new ArrayList<>();
        for (Path document : documents()) {
            for (Block block : blocks(Files.readAllLines(document))) {
                if (block.language().equals("bash") && block.source().contains("[--")) {
                    literal.add(name(document) + " bash block at line " + block.line());
                }
            }
        }
        assertEquals(List.of(), literal);
    }

    @Test
    void everyBlockNamesItsLanguage() throws IOException {
        // so that no Java escapes this test in an untagged block; pseudo-code and diagrams are ```text
        List<String> untagged = new ArrayList<>();
        for (Path document : documents()) {
            for (Block block : blocks(Files.readAllLines(document))) {
                if (block.language().isEmpty()) {
                    untagged.add(name(document) + " line " + block.line());
                }
            }
        }
        assertEquals(List.of(), untagged);
    }

    @Test
    void extractorNumbersJavaBlocksAndHonoursTheMarker() {
        List<Block> blocks = blocks(List.of(
                "# Title", "```bash", "ls", "```",
                "```java", "int a = 1;", "```",
                "<!-- not run: needs a GPU -->", "", "```java", "gpu();", "```",
                "```java", "a + 1", "```"));
        assertEquals(List.of(
                new Block("bash", 0, 2, null, "ls\n"),
                new Block("java", 1, 5, null, "int a = 1;\n"),
                new Block("java", 2, 10, "needs a GPU", "gpu();\n"),
                new Block("java", 3, 13, null, "a + 1\n")), blocks);
    }

    @Test
    void aFailingBlockIsReportedWithJShellsDiagnostic() throws IOException {
        try (JShellSession shell = JShellSession.withGhmmStartup()) {
            List<JShellSession.Problem> problems = shell.run("int ok = 1;\n// steer\ndouble[] steered = f.withB(newB).recompose();\n");
            assertEquals(1, problems.size(), problems::toString);
            assertEquals(2, problems.get(0).line());
            assertEquals("double[] steered = f.withB(newB).recompose();", problems.get(0).snippet());
            assertTrue(problems.get(0).why().get(0).startsWith("cannot find symbol"), problems::toString);
        }
    }

    @Test
    void anExceptionIsReportedWithItsClass() throws IOException {
        try (JShellSession shell = JShellSession.withGhmmStartup()) {
            List<JShellSession.Problem> problems = shell.run("Integer.parseInt(\"x\");");
            assertEquals(1, problems.size(), problems::toString);
            assertTrue(problems.get(0).why().get(0).startsWith("java.lang.NumberFormatException: "), problems::toString);
        }
    }

    @Test
    void aBuilderChainSpanningLinesIsOneSnippet() throws IOException {
        try (JShellSession shell = JShellSession.withGhmmStartup()) {
            assertEquals(List.of(), shell.run("""
                    Ghmm coin = Ghmm.builder()   // a comment inside the chain
                            .symbol("h", new double[][] {{0.5}})
                            .symbol("t", new double[][] {{0.5}})
                            .build();
                    """));
            assertEquals("2", shell.value("coin.symbols()"));
        }
    }

    @Test
    void processIsGhmmsProcess() throws IOException {
        try (JShellSession shell = JShellSession.withGhmmStartup()) {
            assertEquals(List.of(), shell.run("Process p = Catalogue.mess3(0.15, 0.6);"));
            assertEquals("\"dev.ghmm.process.Process\"", shell.value("Process.class.getName()"));
        }
    }

    /** The one module ghmm-bom manages that ghmm.jar leaves out: a test-scope artifact, with jqwik, for a user's tests. */
    private static final String TESTING = "ghmm-testing";

    /** Every public type of every module ghmm-bom manages and ghmm.jar holds, by package. */
    private static Map<String, List<String>> publicTypes() throws Exception {
        Map<String, List<String>> types = new TreeMap<>();
        for (String module : BomTest.managedArtifacts()) {
            if (module.equals(TESTING)) {
                continue;
            }
            List<Path> sources;
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path source : sources) {
                String text = Files.readString(source);
                Matcher type = PUBLIC_TYPE.matcher(text);
                Matcher pkg = PACKAGE.matcher(text);
                if (type.find() && pkg.find() && !pkg.group(1).endsWith(".internal")) { // dev.ghmm.internal is not API
                    types.computeIfAbsent(pkg.group(1), p -> new ArrayList<>()).add(type.group(1));
                }
            }
        }
        return types;
    }

    @Test
    void startupScriptImportsEveryPublicPackage() throws Exception {
        Map<String, List<String>> types = publicTypes();
        TreeSet<String> imported = new TreeSet<>();
        Matcher imports = ON_DEMAND_IMPORT.matcher(Files.readString(JShellSession.GHMM_STARTUP));
        while (imports.find()) {
            imported.add(imports.group(1));
        }
        assertEquals(types.keySet(), imported);
        // every simple name means ghmm's type: no clash with java.lang, DEFAULT's packages or another ghmm package
        List<String> qualified = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        types.forEach((pkg, names) -> names.forEach(n -> {
            qualified.add(pkg + "." + n);
            expressions.add(n + ".class.getName()");
        }));
        try (JShellSession shell = JShellSession.withGhmmStartup()) {
            assertEquals('"' + String.join(" ", qualified) + '"', shell.value("String.join(\" \", " + String.join(", ", expressions) + ")"));
        }
    }
}
