package dev.ghmm.cli;

import dev.ghmm.process.Process;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A command on one process, given by {@code --process FILE|NAME}. */
abstract class ProcessCommand extends CommandBase {
    @Option(names = "--process", required = true, paramLabel = "FILE|NAME",
            description = "A process file (JSON, see docs/guide.md) or a built-in process such as mess3:x=0.05,alpha=0.85.")
    String process;

    ProcessCommand(Output output) {
        super(output);
    }

    /** The process of {@code --process}. */
    final Process load() throws IOException {
        try {
            return ProcessFiles.load(process);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(Options.refused("--process", process, "is neither a file nor a built-in process: " + e.getReason()));
        }
    }

    /**
     * Checks {@code --plot} before any work: an existing file is refused unless {@code --overwrite} is given, as
     * {@code steer} refuses an existing {@code --out} ({@link OutputFiles#checkFile}, whose message names --out).
     */
    static void checkPlot(Path plot, boolean overwrite) {
        if (plot == null) {
            return;
        }
        try {
            OutputFiles.checkFile(plot, overwrite);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(m.startsWith("--out ") ? "--plot " + m.substring("--out ".length()) : m, e);
        }
    }

    @Override
    String workload() {
        return "the process " + Options.show(process);
    }
}
