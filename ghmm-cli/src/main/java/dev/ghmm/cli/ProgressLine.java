package dev.ghmm.cli;

import java.io.PrintStream;

/**
 * How far a long command has got, on stderr: on a terminal a bar redrawn in place (at most every 200 ms) and ended
 * with a newline; otherwise (a log file, a pipe) one line {@code LABEL: n/N UNIT} every five seconds and at the end of
 * complete work.
 * Thread-safe; called from the working thread or a poller.
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

    /**
     * @param err   where it goes
     * @param label what works, e.g. {@code ghmm sample}
     * @param unit  what is counted, e.g. {@code sequences}
     * @param total N, the count at the end
     */
    ProgressLine(PrintStream err, String label, String unit, long total) {
        this(err, label, unit, total, System.console() != null);
    }

    ProgressLine(PrintStream err, String label, String unit, long total, boolean terminal) {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.terminal = terminal;
    }

    /** Reports n of N done, if it is time to. */
    synchronized void update(long done) {
        long now = System.nanoTime();
        if (now - last >= (terminal ? TERMINAL_NANOS : LOG_NANOS)) {
            print(done);
            last = now;
        }
    }

    /**
     * Ends the report: on a terminal the bar at {@code done} and a newline; in a log the last line, if the work is
     * complete (a failure says what happened in its own one line).
     */
    synchronized void finish(long done) {
        if (terminal) {
            print(done);
            err.println();
        } else if (done == total) {
            print(done);
        }
        err.flush();
    }

    private void print(long done) {
        if (terminal) {
            int width = 40;
            int filled = total == 0 ? width : (int) (width * Math.min(done, total) / total);
            err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " " + unit);
        } else {
            err.println(label + ": " + done + "/" + total + " " + unit);
        }
    }
}
