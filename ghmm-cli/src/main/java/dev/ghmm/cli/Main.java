package dev.ghmm.cli;

import dev.ghmm.io.Version;
import dev.ghmm.io.output.OutputFiles;
import dev.ghmm.process.Catalogue;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code ghmm} command line, read by picocli: one class per command ({@code DescribeCommand}, {@code EvalCommand},
 * {@code CheckPartitionCommand}, {@code SampleCommand}, {@code StreamCommand}, {@code MeasuresCommand}, {@code MspCommand}, {@code DecomposeCommand},
 * {@code ProbeCommand}, {@code SteerCommand}, {@code DemoCommand}, {@code CompletionCommand}), option values read by {@code Options}, output written by
 * {@code Output}. Every command prints JSON on stdout ({@code --text} for a person) and has {@code --help} and
 * {@code --version}. The exit code is 0 on success, 1 when a check fails, 2 on bad input, 3 on an internal error (a
 * bug); a failure is one line on stderr and never a stack trace: {@code run} catches everything (docs/guide.md,
 * "Exit codes and validation").
 */
@Command(name = "ghmm", mixinStandardHelpOptions = true, version = Main.VERSION, synopsisSubcommandLabel = "COMMAND",
        description = "Generalized hidden Markov models: describe, evaluate, check, sample and measure processes; probe activations and steer.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a check failed (check-partition: the partition is not preserved)",
            "2:bad input: one line on stderr names the option or the file and the value",
            "3:internal error: a bug in ghmm, one line on stderr (please report it)"})
public final class Main {
    /** What {@code --version} prints. */
    static final String VERSION = "ghmm " + Version.CURRENT;

    private final Output output;

    Main(PrintStream out, PrintStream err) {
        this(out, err, Channels.newChannel(out));
    }

    /** A command line whose binary output ({@code stream}) goes to {@code stdout}, the channel of {@code out}'s file. */
    Main(PrintStream out, PrintStream err, WritableByteChannel stdout) {
        this.output = new Output(out, err, stdout);
    }

    /**
     * Entry point: exits with the code of {@code run}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // pictures are drawn off screen
        OutputFiles.warnings(message -> System.err.println(Output.escape("ghmm: " + message)));
        System.exit(new Main(System.out, System.err, new FileOutputStream(FileDescriptor.out).getChannel()).run(args));
    }

    /** The root command and its subcommands, parsed without @-files; an option given twice is refused (lists add up). */
    CommandLine commandLine() {
        CommandLine cli = new CommandLine(this);
        for (CommandBase command : List.of(new DescribeCommand(output), new EvalCommand(output), new CheckPartitionCommand(output),
                new SampleCommand(output), new StreamCommand(output), new MeasuresCommand(output), new MspCommand(output), new ProbeCommand(output), new SteerCommand(output),
                new DecomposeCommand(output),
                new DemoCommand(output), new CompletionCommand(output))) {
            cli.addSubcommand(command);
        }
        cli.addSubcommand(new HelpCommand());
        cli.getCommandSpec().usageMessage().footer("%nBuilt-in processes: " + String.join(", ", Catalogue.names())
                + " (parameters as mess3:x=0.05,alpha=0.85).%nRun ghmm COMMAND --help for the options of a command.");
        cli.setExpandAtFiles(false);
        cli.setOut(new PrintWriter(output.out, true));
        cli.setErr(new PrintWriter(output.err, true));
        return cli;
    }

    /** Runs one command and returns its exit code. */
    int run(String[] argv) {
        String where = "ghmm";
        CommandBase command = null;
        try {
            ParseResult parsed = commandLine().parseArgs(argv);
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) {
                return help;
            }
            ParseResult leaf = parsed;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            where = leaf.commandSpec().qualifiedName();
            if (!(leaf.commandSpec().userObject() instanceof CommandBase c)) {
                return fail(where, "give a command: describe, eval, check-partition, sample, stream, measures, msp, probe, steer, decompose, demo or completion; run ghmm --help");
            }
            command = c;
            return c.run();
        } catch (ParameterException e) {
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            return fail(name, Options.message(e) + "; run " + name + " --help");
        } catch (Exception | Error e) {
            return failure(where, command == null ? "the command line" : command.workload(), e);
        } finally {
            output.out.flush();
        }
    }

    /** The one line and the exit code for anything a command throws: 2 for bad input and exhausted resources, 3 for a bug. */
    int failure(String where, String workload, Throwable e) {
        if (OutputFiles.interrupted()) {
            return 130; // a signal is ending the process; its shutdown hook has said what became of the output
        } else if (e instanceof IllegalArgumentException) {
            return fail(where, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } else if (e instanceof UncheckedIOException u) {
            return fail(where, OutputFiles.describe(u.getCause()));
        } else if (e instanceof IOException io) {
            return fail(where, OutputFiles.describe(io));
        } else if (e instanceof OutOfMemoryError) {
            return fail(where, "out of memory on " + workload + ": the Java heap holds at most "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; ask for less, or give java more with -Xmx");
        }
        output.error(where, "internal error: " + e.getClass().getName() + ": " + e.getMessage());
        return 3;
    }

    private int fail(String where, String message) {
        output.error(where, message);
        return 2;
    }
}
