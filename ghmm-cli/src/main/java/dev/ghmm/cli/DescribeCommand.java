package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.factored.SparseComposite;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.process.ProcessFiles;
import dev.ghmm.io.process.SimplexityFiles;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.DirectSum;
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
            output.json(SimplexityFiles.toTree(process));
            return 0;
        }
        if (!(process instanceof Ghmm g)) {
            if (text) {
                List<String> lines = new ArrayList<>();
                structureText(process, "", lines);
                output.lines(lines);
            } else {
                output.json(structureJson(process));
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
        ObjectNode o = Json.createObjectNode();
        o.put("name", g.name());
        o.put("states", g.states());
        ArrayNode alphabet = o.putArray("alphabet");
        Arrays.stream(g.alphabet().names()).forEach(alphabet::add);
        o.put("hmm", g.isHmm());
        o.set("one", Json.array(g.one()));
        o.set("initial", Json.array(g.initial()));
        ArrayNode st = o.putArray("stationary");
        for (int k = 0; k < stationary.distributions().size(); k++) {
            ObjectNode s = st.addObject();
            s.set("distribution", Json.array(stationary.distributions().get(k)));
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

    /**
     * The structure of a process for {@code ghmm describe}: for a factored process its factors (dimension,
     * alphabet, variants, control), for a direct sum its components and weights, each part described in turn. Never
     * forms a factored process's joint.
     *
     * @param process the process
     * @return the description
     */
    static ObjectNode structureJson(Process process) {
        ObjectNode o = Json.createObjectNode();
        o.put("name", process.name());
        o.put("kind", process instanceof FactoredProcess ? "factored" : process instanceof DirectSum ? "directSum"
                : process instanceof NoisyProcess ? "noisy" : process instanceof SparseComposite ? "sparseComposite" : "ghmm");
        o.put("states", process.states());
        o.put("alphabetSize", process.symbols());
        if (process instanceof NoisyProcess noisy) {
            o.put("epsilon", noisy.channel().epsilon());
            o.put("over", noisy.channel().over().label());
            o.put("updates", noisy.channel().updates().label());
            o.set("process", structureJson(noisy.process()));
            return o;
        }
        if (process instanceof SparseComposite sparse) {
            ArrayNode alphabet = o.putArray("alphabet");
            Arrays.stream(process.alphabet().names()).forEach(alphabet::add);
            o.set("process", structureJson(sparse.factored()));
            return o;
        }
        if (!(process instanceof FactoredProcess)) {
            ArrayNode alphabet = o.putArray("alphabet");
            Arrays.stream(process.alphabet().names()).forEach(alphabet::add);
        }
        if (process instanceof FactoredProcess fp) {
            o.put("structure", ProcessFiles.structure(fp));
            ArrayNode factors = o.putArray("factors");
            for (int f = 0; f < fp.factorCount(); f++) {
                ObjectNode factor = factors.addObject();
                factor.put("dimension", fp.dimensions()[f]);
                ArrayNode alphabet = factor.putArray("alphabet");
                Arrays.stream(fp.variantProcess(f, 0).alphabet().names()).forEach(alphabet::add);
                ArrayNode variants = factor.putArray("variants");
                for (int k = 0; k < fp.variantCount(f); k++) {
                    variants.add(structureJson(fp.variantProcess(f, k)));
                }
                if (fp.isConditionalTransitions()) {
                    ObjectNode emission = factor.putObject("emission");
                    emission.set("parents", Json.array(fp.emissionParents(f)));
                    emission.set("table", Json.array(fp.emissionTable(f)));
                    ObjectNode transition = factor.putObject("transition");
                    transition.set("parents", Json.array(fp.parents(f)));
                    transition.set("table", Json.array(fp.controlTable(f)));
                } else if (fp.parents(f).length == 0) {
                    factor.putNull("control");
                } else {
                    ObjectNode control = factor.putObject("control");
                    control.set("parents", Json.array(fp.parents(f)));
                    control.set("table", Json.array(fp.controlTable(f)));
                }
            }
        } else if (process instanceof DirectSum sum) {
            o.set("weights", Json.array(sum.weights()));
            ArrayNode components = o.putArray("components");
            for (int k = 0; k < sum.componentCount(); k++) {
                ObjectNode c = structureJson(sum.component(k));
                c.put("weight", sum.weights()[k]);
                ArrayNode symbols = c.putArray("symbols");
                for (int y = 0; y < sum.component(k).symbols(); y++) {
                    symbols.add(sum.alphabet().name(sum.globalSymbol(k, y)));
                }
                components.add(c);
            }
        } else {
            o.put("hmm", process.joint().isHmm());
        }
        return o;
    }

    /** " by factor(s) P: table [...]", or " variant k" for no parent. */
    private static String choice(int[] parents, int[] table) {
        return parents.length == 0 ? " variant " + table[0]
                : " by factor" + (parents.length == 1 ? " " : "s ") + joined(parents) + ": table " + Arrays.toString(table);
    }

    /**
     * {@link #structureJson} as indented text, one line per process, factor and control map.
     *
     * @param process the process
     * @param indent  the indentation of the first line
     * @param lines   where the lines go
     */
    static void structureText(Process process, String indent, List<String> lines) {
        if (process instanceof FactoredProcess fp) {
            lines.add(indent + "factored process " + process.name() + ": " + fp.factorCount() + " factors, structure " + ProcessFiles.structure(fp)
                    + ", joint dimension " + process.states() + ", " + process.symbols() + " symbols");
            for (int f = 0; f < fp.factorCount(); f++) {
                int[] parents = fp.parents(f);
                lines.add(indent + "  factor " + f + ": dimension " + fp.dimensions()[f] + ", alphabet "
                        + String.join(" ", fp.variantProcess(f, 0).alphabet().names()) + ", " + fp.variantCount(f)
                        + (fp.variantCount(f) == 1 ? " variant" : " variants")
                        + (fp.isConditionalTransitions() ? ", emission" + choice(fp.emissionParents(f), fp.emissionTable(f)) + ", transition"
                                : parents.length == 0 ? "" : ", control") + (parents.length == 0 ? "" : choice(parents, fp.controlTable(f))));
                for (int k = 0; k < fp.variantCount(f); k++) {
                    structureText(fp.variantProcess(f, k), indent + "    variant " + k + ": ", indent + "    ", lines);
                }
            }
        } else if (process instanceof NoisyProcess noisy) {
            lines.add(indent + "noisy channel: epsilon " + noisy.channel().epsilon() + ", over " + noisy.channel().over().label() + ", updates "
                    + noisy.channel().updates().label());
            structureText(noisy.process(), indent + "  process: ", indent + "  ", lines);
        } else if (process instanceof SparseComposite sparse) {
            lines.add(indent + "explicit composite vocabulary: " + process.symbols() + " of the " + sparse.factored().symbols() + " tuples, "
                    + String.join(" ", process.alphabet().names()));
            structureText(sparse.factored(), indent + "  process: ", indent + "  ", lines);
        } else if (process instanceof DirectSum sum) {
            lines.add(indent + "direct sum " + process.name() + ": " + sum.componentCount() + " components, dimension " + process.states()
                    + ", alphabet " + String.join(" ", sum.alphabet().names()));
            for (int k = 0; k < sum.componentCount(); k++) {
                structureText(sum.component(k), indent + "  component " + k + ", weight " + sum.weights()[k] + ": ", indent + "  ", lines);
            }
        } else {
            lines.add(indent + process.name() + " (" + (process.joint().isHmm() ? "HMM" : "GHMM") + ", " + process.states()
                    + (process.states() == 1 ? " state" : " states") + ", alphabet "
                    + String.join(" ", process.alphabet().names()) + ")");
        }
    }

    /** A part's description: its first line after {@code head}, the rest indented under {@code indent}. */
    private static void structureText(Process part, String head, String indent, List<String> lines) {
        int first = lines.size();
        structureText(part, indent, lines);
        lines.set(first, head + lines.get(first).substring(indent.length()));
    }

    private static String joined(int[] values) {
        return String.join(", ", Arrays.stream(values).mapToObj(Integer::toString).toArray(String[]::new));
    }
}
