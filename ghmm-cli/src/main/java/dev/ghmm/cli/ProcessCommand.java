package dev.ghmm.cli;

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

    /** The process of {@code --process}. */
    final Process load() throws IOException {
        try {
            return ProcessFiles.load(process);
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

    @Override
    String workload() {
        return "the process " + Options.show(process);
    }
}
