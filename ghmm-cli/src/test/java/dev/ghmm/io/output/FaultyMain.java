package dev.ghmm.io.output;

import dev.ghmm.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ghmm} with one fault at one step of the output protocol, for {@code OutputFaultsTest}'s child processes (in
 * the package of {@link OutputClaim}, whose fault hook is the library's own):
 * {@code FaultyMain STEP ACTION ghmm-arguments...}, where ACTION is {@code TERM} or {@code KILL} (this process sends
 * itself the signal; inside the commit, after SIGTERM, it goes on once the shutdown hook waits for the commit, as a
 * real run's main thread would; elsewhere it waits for the signal to end it) or {@code WAIT:FILE} (prints
 * {@code waiting} and waits until FILE exists, two minutes at most).
 */
public final class FaultyMain {
    private FaultyMain() {
    }

    /** {@return the names of the steps of the protocol} */
    public static List<String> steps() {
        return Stream.of(OutputClaim.Step.values()).map(Enum::name).toList();
    }

    public static void main(String[] args) {
        OutputClaim.Step step = OutputClaim.Step.valueOf(args[0]);
        String action = args[1];
        OutputClaim.faults = s -> {
            if (s == step) {
                act(action, s == OutputClaim.Step.OLD_MOVED || s == OutputClaim.Step.PUBLISHED);
            }
        };
        Main.main(Arrays.copyOfRange(args, 2, args.length));
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
