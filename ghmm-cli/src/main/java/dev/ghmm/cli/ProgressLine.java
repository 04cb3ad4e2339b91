package dev.ghmm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How far a long command has got, on stderr: on a terminal a bar redrawn in place (at most every 200 ms) and ended
 * with a newline; otherwise (a log file, a pipe) one line {@code LABEL: n/N UNIT} every five seconds and at the end of
 * complete work ({@link #finish}); failed work ends with {@link #abandon}, so its error is one line of its own. Once
 * finished, the line is done: later calls print nothing, so work may finish it as soon as its count is complete and
 * still call {@link #finish} or {@link #abandon} at its end.
 * Thread-safe; called from the working threads or a poller. What it shows never goes back: the largest count reported
 * so far, whatever order the threads' reports arrive in.
 */
final class ProgressLine {
    private static final long TERMINAL_NANOS = 200_000_000L;
    private static final long LOG_NANOS = 5_000_000_000L;

    private final PrintStream err;
    private final String label;
    private final String unit;
    private final long total;
    private final boolean terminal;
    private long last = System.nanoTime();
    private boolean drawn;
    /** The largest count reported so far. */
    private long shown;
    /** Whether {@link #finish} has ended the line. */
    private boolean finished;

    /**
     * @param err   where it goes
     * @param label what works, e.g. {@code ghmm sample}
     * @param unit  what is counted, e.g. {@code sequences}
     * @param total N, the count at the end
     */
    ProgressLine(PrintStream err, String label, String unit, long total) {
        this(err, label, unit, total, stderrIsTerminal());
    }

    /**
     * Whether this process's stderr is a terminal: on Linux, what its descriptor 2 names ({@code /dev/pts/*} or
     * {@code /dev/tty*}); elsewhere whether the JVM has a console (stdin and stdout on a terminal), the closest Java 17
     * tells.
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    ProgressLine(PrintStream err, String label, String unit, long total, boolean terminal) {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.terminal = terminal;
    }

    /** Reports n of N done, if it is time to: the largest n reported so far, so a late report of a smaller n shows none. */
    synchronized void update(long done) {
        if (finished) {
            return;
        }
        shown = Math.max(shown, done);
        long now = System.nanoTime();
        if (now - last >= (terminal ? TERMINAL_NANOS : LOG_NANOS)) {
            print(shown);
            last = now;
        }
    }

    /**
     * Ends the report of complete work: on a terminal the bar at {@code done} and a newline; in a log the last line.
     * Only the first call prints.
     */
    synchronized void finish(long done) {
        if (finished) {
            return;
        }
        finished = true;
        print(done);
        if (terminal) {
            err.println();
        }
        err.flush();
    }

    /** Ends the report of failed work: a terminal's bar gets its newline, so the error line stands alone; a log nothing. */
    synchronized void abandon() {
        if (drawn && !finished) {
            err.println();
            err.flush();
        }
    }

    private void print(long done) {
        if (terminal) {
            int width = 40;
            int filled = total == 0 ? width : (int) (width * Math.min(done, total) / total);
            err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " " + unit);
            drawn = true;
        } else {
            err.println(label + ": " + done + "/" + total + " " + unit);
        }
    }
}
