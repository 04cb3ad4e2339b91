package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import dev.ghmm.process.StationaryDistributions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghmm describe}: a process's |1⟩⟩, initial belief, stationary distributions and finest invariant partition, or a composite's structure. */
@Command(name = "describe", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"Describes a process: its states, alphabet, |1>>, initial belief, stationary distributions and finest invariant partition.",
            "A factored process or a direct sum is described by its structure, without forming the joint."})
final class DescribeCommand extends ProcessCommand {
    @Option(names = "--format", paramLabel = "ghmm|simplexity", description = "ghmm (the default): the description below; simplexity: the "
            + "process as a process file of Astera-org/simplexity, checked to read back as the same process.")
    String format = "ghmm";

    DescribeCommand(Output output) {
        super(output);
    }

    @Override
    int run() throws IOException {
        if (!format.equals("ghmm") && !format.equals("simplexity")) {
            throw usage(Options.refused("--format", format, "is not ghmm or simplexity"));
        }
        Process process = load();
        if (format.equals("simplexity")) {
            if (text) {
                throw usage("--format simplexity writes JSON: leave out --text");
            }
            output.json(SimplexityFiles.toJson(process));
            return 0;
        }
        if (!(process instanceof Ghmm g)) {
            if (text) {
                List<String> lines = new ArrayList<>();
                ProcessFiles.structureText(process, "", lines);
                output.lines(lines);
            } else {
                output.json(ProcessFiles.structureJson(process));
            }
            return 0;
        }
        StationaryDistributions stationary = g.stationary();
        Partition finest = g.finestPartition(0);
        if (text) {
            output.line(g.toString());
            output.line("|1>> = " + Arrays.toString(g.one()));
            output.line("initial = " + Arrays.toString(g.initial()));
            for (int k = 0; k < stationary.distributions().size(); k++) {
                output.line("stationary " + k + " = " + Arrays.toString(stationary.distributions().get(k))
                        + (g.isHmm() ? " on class " + Arrays.toString(stationary.classes().get(k)) + ", period " + stationary.periods()[k] : ""));
            }
            output.line("finest invariant partition: " + finest);
            return 0;
        }
        ObjectNode o = ProcessFiles.JSON.createObjectNode();
        o.put("name", g.name());
        o.put("states", g.states());
        ArrayNode alphabet = o.putArray("alphabet");
        Arrays.stream(g.alphabet().names()).forEach(alphabet::add);
        o.put("hmm", g.isHmm());
        o.set("one", ProcessFiles.array(g.one()));
        o.set("initial", ProcessFiles.array(g.initial()));
        ArrayNode st = o.putArray("stationary");
        for (int k = 0; k < stationary.distributions().size(); k++) {
            ObjectNode s = st.addObject();
            s.set("distribution", ProcessFiles.array(stationary.distributions().get(k)));
            if (g.isHmm()) {
                ArrayNode cls = s.putArray("class");
                Arrays.stream(stationary.classes().get(k)).forEach(cls::add);
                s.put("period", stationary.periods()[k]);
            }
        }
        o.put("finestPartition", finest.toString());
        output.json(o);
        return 0;
    }
}
