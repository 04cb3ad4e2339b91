package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress line: a bar on a terminal, a line every five seconds and at the end in a log. */
class ProgressLineTest {
    @Test
    void aLogGetsOneLineAtTheEndOfAShortRun() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), "ghmm probe", "sequences", 10, false);
        line.update(3);
        line.update(7);
        line.finish(10);
        assertEquals("ghmm probe: 10/10 sequences\n", bytes.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream failed = new ByteArrayOutputStream();
        new ProgressLine(new PrintStream(failed, true, StandardCharsets.UTF_8), "ghmm sample", "sequences", 10, false).abandon();
        assertEquals("", failed.toString(StandardCharsets.UTF_8), "a failed run's one line is its error");
    }

    @Test
    void aTerminalGetsABarEndedByANewline() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), "ghmm sample", "sequences", 4, true);
        line.finish(1);
        assertEquals("\rghmm sample [" + "#".repeat(10) + " ".repeat(30) + "] 1/4 sequences\n", bytes.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream failed = new ByteArrayOutputStream();
        ProgressLine broken = new ProgressLine(new PrintStream(failed, true, StandardCharsets.UTF_8), "ghmm probe", "sequences", 4, true);
        broken.abandon();
        assertEquals("", failed.toString(StandardCharsets.UTF_8), "nothing drawn, nothing to end");
    }

    /**
     * {@code ghmm sample} finishes the line when its last rows are written: a warning of publication (meta.json, the
     * rename) comes after the finished line, and finishing or abandoning again prints nothing.
     */
    @Test
    void aFinishedLineStaysFinished() {
        for (boolean terminal : new boolean[] {false, true}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            ProgressLine line = new ProgressLine(err, "ghmm sample", "sequences", 4, terminal);
            line.finish(4);
            err.println("warning: publication");
            line.update(3);
            line.finish(4);
            line.abandon();
            String last = terminal ? "\rghmm sample [" + "#".repeat(40) + "] 4/4 sequences\n" : "ghmm sample: 4/4 sequences\n";
            assertEquals(last + "warning: publication\n", bytes.toString(StandardCharsets.UTF_8), "terminal " + terminal);
        }
    }

    /** Threads report their counts out of order: the line shows the largest so far, never a smaller one after it. */
    @Test
    void aLateSmallerCountDoesNotMoveTheBarBack() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), "ghmm sample", "sequences", 4, true);
        Thread.sleep(250); // past the 200 ms between redraws
        line.update(3);
        Thread.sleep(250);
        line.update(2);
        String three = "\rghmm sample [" + "#".repeat(30) + " ".repeat(10) + "] 3/4 sequences";
        assertEquals(three + three, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stderrRedirectedToAFileIsNoTerminal() {
        // surefire runs this JVM with stderr on a pipe or file, never a terminal
        assertEquals(false, ProgressLine.stderrIsTerminal());
    }
}
