package dev.ghmm.cli;

import dev.ghmm.io.output.OutputFaults;
import java.util.Arrays;

/**
 * {@code ghmm} with one fault at one step of the output protocol, for {@link OutputFaultsTest}'s child processes:
 * {@code FaultyMain STEP ACTION ghmm-arguments...} installs the fault ({@link OutputFaults#install}, from ghmm-io's
 * test jar) and runs {@link Main}.
 */
public final class FaultyMain {
    private FaultyMain() {
    }

    /**
     * Installs the fault and runs ghmm.
     *
     * @param args the step, the action, then ghmm's arguments
     */
    public static void main(String[] args) {
        OutputFaults.install(args[0], args[1]);
        Main.main(Arrays.copyOfRange(args, 2, args.length));
    }
}
