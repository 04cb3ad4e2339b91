package dev.ghmm.cli;

import dev.ghmm.io.output.OutputFiles;
import dev.ghmm.io.process.ProcessFiles;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.nio.file.Files;
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

    /** Whether {@link #load} has returned: until then memory runs out on the process itself. */
    private boolean loaded;

    /** The process of {@code --process}. */
    final Process load() throws IOException {
        try {
            Process p = ProcessFiles.load(process);
            loaded = true;
            return p;
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(Options.refused("--process", process, "is neither a file nor a built-in process: " + e.getReason()));
        }
    }

    /** The file {@code --process} names, an input no output may replace; null for a built-in process. */
    final Path processFile() {
        try {
            Path file = Path.of(process);
            return Files.isRegularFile(file) ? file : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * Checks {@code --plot} before any work: an existing file is refused unless {@code --overwrite} is given, as
     * {@code steer} refuses an existing {@code --out}, and so is the process file ({@link OutputFiles#checkFile(String, Path, boolean, Path...)}).
     */
    final void checkPlot(Path plot, boolean overwrite) throws IOException {
        if (plot != null) {
            OutputFiles.checkFile("--plot", plot, overwrite, processFile());
        }
    }

    /** The process while it is being loaded, then what the command does with it ({@link #work}). */
    @Override
    final String workload() {
        return loaded ? work() : "the process " + Options.show(process);
    }

    /** What the command works on once the process is loaded, for the message when memory runs out. */
    String work() {
        return "the process " + Options.show(process);
    }
}
