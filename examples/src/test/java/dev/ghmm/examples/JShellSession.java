package dev.ghmm.examples;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * A JShell in this JVM on the test class path, which evaluates source snippet by snippet and says which snippets
 * failed and why. What the snippets print goes to {@link #output()}.
 */
final class JShellSession implements AutoCloseable {
    /** The imports of JShell's DEFAULT startup, which {@code --startup DEFAULT} on the README's command line keeps. */
    static final String DEFAULT_STARTUP = """
            import java.io.*;
            import java.math.*;
            import java.net.*;
            import java.nio.file.*;
            import java.util.*;
            import java.util.concurrent.*;
            import java.util.function.*;
            import java.util.prefs.*;
            import java.util.regex.*;
            import java.util.stream.*;
            """;

    /** ghmm's startup script, relative to the examples module. */
    static final Path GHMM_STARTUP = Path.of("jshell", "ghmm.jsh");

    private final PrintStream savedOut = System.out;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;

    JShellSession() {
        // the local execution engine runs snippets in this JVM, printing to its System.out
        System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
        shell = JShell.builder().executionEngine("local").build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            shell.addToClasspath(entry);
        }
        analysis = shell.sourceCodeAnalysis();
    }

    /**
     * A session started as the README starts JShell: {@code --startup DEFAULT --startup examples/jshell/ghmm.jsh}.
     *
     * @return the session
     * @throws IOException if the startup script cannot be read
     */
    static JShellSession withGhmmStartup() throws IOException {
        JShellSession session = new JShellSession();
        List<Problem> problems = new ArrayList<>(session.run(DEFAULT_STARTUP));
        problems.addAll(session.run(Files.readString(GHMM_STARTUP)));
        if (!problems.isEmpty()) {
            session.close();
            throw new AssertionError(GHMM_STARTUP + " does not run: " + problems);
        }
        return session;
    }

    /**
     * A snippet that was not evaluated cleanly.
     *
     * @param line    the line of {@code source} where its code starts, from 0
     * @param snippet its code, without the comments before it
     * @param why     JShell's diagnostics, or the exception it threw
     */
    record Problem(int line, String snippet, List<String> why) {
        @Override
        public String toString() {
            return snippet + "\n    -> " + String.join("\n    -> ", why);
        }
    }

    /**
     * Evaluates {@code source} snippet by snippet, in order. {@code analyzeCompletion} finds where each snippet ends,
     * so an expression or a builder chain may span lines.
     *
     * @param source Java source: statements, expressions, declarations, imports
     * @return the snippets that were not evaluated cleanly, each with JShell's diagnostics or exception
     */
    List<Problem> run(String source) {
        List<Problem> problems = new ArrayList<>();
        String rest = source;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;   // only comments are left
            }
            int start = codeStart(source, source.length() - rest.length());
            int line = (int) source.substring(0, start).chars().filter(c -> c == '\n').count();
            if (!completeness.isComplete() && completeness != Completeness.UNKNOWN) {
                problems.add(new Problem(line, source.substring(start).strip(), List.of("incomplete: the source ends inside this snippet")));
                break;
            }
            String remaining = info.source() != null ? info.remaining() : "";
            String code = source.substring(start, source.length() - remaining.length()).strip();
            List<String> why = eval(info.source() != null ? info.source() : rest);
            if (!why.isEmpty()) {
                problems.add(new Problem(line, code, why));
            }
            if (remaining.equals(rest)) {
                problems.add(new Problem(line, code, List.of("JShell cannot split this into snippets")));
                break;
            }
            rest = remaining;
        }
        return problems;
    }

    /** The index of the first character at or after {@code from} that is neither white space nor in a comment. */
    private static int codeStart(String source, int from) {
        int i = from;
        while (i < source.length()) {
            if (Character.isWhitespace(source.charAt(i))) {
                i++;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    /**
     * The value of an expression, as JShell shows it (a string in quotes).
     *
     * @param expression one Java expression
     * @return its value
     * @throws AssertionError naming JShell's diagnostics if the expression does not evaluate
     */
    String value(String expression) {
        String value = null;
        List<String> why = new ArrayList<>();
        for (SnippetEvent e : shell.eval(expression)) {
            if (e.causeSnippet() == null) {
                why.addAll(problems(e));
                value = e.value();
            }
        }
        if (!why.isEmpty()) {
            throw new AssertionError(expression + "\n    -> " + String.join("\n    -> ", why));
        }
        return value;
    }

    /**
     * What the snippets printed so far.
     *
     * @return what the snippets printed so far
     */
    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private List<String> eval(String snippet) {
        List<String> why = new ArrayList<>();
        for (SnippetEvent e : shell.eval(snippet)) {
            // events with a cause are other snippets whose status this one changed (a variable declared again)
            if (e.causeSnippet() == null) {
                why.addAll(problems(e));
            }
        }
        return why;
    }

    private List<String> problems(SnippetEvent e) {
        List<String> why = new ArrayList<>();
        if (e.exception() != null) {
            why.add(describe(e.exception()));
        } else if (e.status() != Snippet.Status.VALID) {
            shell.diagnostics(e.snippet()).forEach(d -> why.add(d.getMessage(Locale.ROOT)));
            if (e.snippet() instanceof DeclarationSnippet declaration) {
                shell.unresolvedDependencies(declaration).forEach(name -> why.add("cannot find " + name));
            }
            if (why.isEmpty()) {
                why.add(e.status().toString());
            }
        }
        return why;
    }

    private static String describe(JShellException x) {
        String name = x instanceof EvalException thrown ? thrown.getExceptionClassName() : x.getClass().getName();
        StackTraceElement[] trace = x.getStackTrace();
        return name + ": " + x.getMessage() + (trace.length > 0 ? " at " + trace[0] : "");
    }

    @Override
    public void close() {
        try {
            shell.close();
        } finally {
            System.setOut(savedOut);
        }
    }
}
