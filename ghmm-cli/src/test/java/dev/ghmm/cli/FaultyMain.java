package dev.ghmm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code ghmm} with one fault at one step of the output protocol, for {@link OutputFaultsTest}'s child processes:
 * {@code FaultyMain STEP ACTION ghmm-arguments...}, where ACTION is {@code TERM} or {@code KILL} (this process sends
 * itself the signal, then goes on for two seconds as a process would while the signal is handled) or {@code WAIT:FILE}
 * (prints {@code waiting} and waits until FILE exists).
 */
final class FaultyMain {
    private FaultyMain() {
    }

    public static void main(String[] args) {
        OutputClaim.Step step = OutputClaim.Step.valueOf(args[0]);
        String action = args[1];
        OutputClaim.faults = s -> {
            if (s == step) {
                act(action);
            }
        };
        Main.main(Arrays.copyOfRange(args, 2, args.length));
    }

    private static void act(String action) {
        try {
            if (action.startsWith("WAIT:")) {
                System.out.println("waiting");
                System.out.flush();
                Path file = Path.of(action.substring(5));
                while (!Files.exists(file)) {
                    Thread.sleep(10);
                }
                return;
            }
            new ProcessBuilder("kill", "-" + action, Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            Thread.sleep(2000);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
