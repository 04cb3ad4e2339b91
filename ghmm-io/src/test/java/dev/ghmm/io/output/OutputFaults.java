package dev.ghmm.io.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test seam of the output protocol for other modules' tests: one fault at one {@link OutputClaim.Step}, installed
 * in a child JVM before it runs a program that writes an output (ghmm-cli's {@code FaultyMain} runs {@code ghmm}). It
 * lives beside {@link OutputClaim}, whose fault hook is package-private, and ships in ghmm-io's test jar (this class
 * only), so no other module's tests put classes in this package.
 */
public final class OutputFaults {
    private OutputFaults() {
    }

    /** {@return the names of the steps of the protocol} */
    public static List<String> steps() {
        return Stream.of(OutputClaim.Step.values()).map(Enum::name).toList();
    }

    /**
     * Makes this JVM act at one step of the protocol: {@code TERM} or {@code KILL} (it sends itself the signal; inside
     * the commit, after SIGTERM, it goes on once the shutdown hook waits for the commit, as a real run's main thread
     * would; elsewhere it waits for the signal to end it), or {@code WAIT:FILE} (prints {@code waiting} and waits until
     * FILE exists, two minutes at most).
     *
     * @param step   the name of a {@link OutputClaim.Step}
     * @param action {@code TERM}, {@code KILL} or {@code WAIT:FILE}
     */
    public static void install(String step, String action) {
        OutputClaim.Step at = OutputClaim.Step.valueOf(step);
        OutputClaim.faults = s -> {
            if (s == at) {
                act(action, s == OutputClaim.Step.OLD_MOVED || s == OutputClaim.Step.PUBLISHED);
            }
        };
    }

    /** The fault; {@code inCommit}: the step lies inside the commit's monitor, which the shutdown hook waits for. */
    private static void act(String action, boolean inCommit) {
        try {
            if (action.startsWith("WAIT:")) {
                System.out.println("waiting");
                System.out.flush();
                Path file = Path.of(action.substring(5));
                long deadline = System.nanoTime() + 120_000_000_000L; // a test that failed before creating it leaves no process behind
                while (!Files.exists(file) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                return;
            }
            new ProcessBuilder("kill", "-" + action, Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            if (!inCommit || action.equals("KILL")) {
                Thread.sleep(Long.MAX_VALUE); // the signal ends the process
            }
            // inside the commit: go on once the shutdown hook waits for it, as the main thread of a real run would
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && !hookBlocked()) {
                Thread.sleep(5);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hookBlocked() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("ghmm-output-cleanup") && t.getState() == Thread.State.BLOCKED);
    }
}
