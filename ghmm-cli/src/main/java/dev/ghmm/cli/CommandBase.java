package dev.ghmm.cli;

import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command shares: {@code --text}, and where it prints. A command returns its exit code (0 on success,
 * 1 when a check fails) and throws on bad input; {@link Main#run} turns what it throws into one line on stderr and
 * exit 2. Each subclass is one command; its options are typed fields whose converters in {@link Options} hold
 * their ranges.
 */
abstract class CommandBase {
    @Spec
    CommandSpec spec;

    @Option(names = "--text", description = "Text for a person instead of JSON.")
    boolean text;

    final Output output;

    CommandBase(Output output) {
        this.output = output;
    }

    /** Runs the command once its options are read. */
    abstract int run() throws IOException;

    /** What this run works on, for the message when memory runs out. */
    String workload() {
        return "this input";
    }

    /** A usage error found after parsing (options that exclude each other, a value that needs the process): exit 2. */
    final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
