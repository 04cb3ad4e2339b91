package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.output.OutputFiles;
import dev.ghmm.probe.ActivationSteering;
import dev.ghmm.probe.ProbeFiles;
import dev.ghmm.probe.ProbeFit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ghmm steer}: the least-norm activation change that moves one factor's probed belief and holds the others
 * ({@link ActivationSteering}), from a probe directory written by {@code ghmm probe}; writes it as float32 .npy [1, d]
 * and prints its predicted effect on every factor.
 */
@Command(name = "steer", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"Writes a steering vector: the least-norm activation change Δx that moves factor F's probed belief to --to and leaves"
                + " every other factor's probe unchanged.",
            "Prints the predicted change of every factor (cross-talk)."})
final class SteerCommand extends CommandBase {
    @Option(names = "--probe", required = true, paramLabel = "DIR", converter = Options.AnyPath.class,
            description = "A probe directory written by ghmm probe with factor targets.")
    Path probe;

    @Option(names = "--factor", required = true, paramLabel = "F", converter = Options.Index.class, description = "The factor to move, 0 <= F.")
    int factor;

    @Option(names = "--to", required = true, paramLabel = "\"BELIEF\"", description = "The target belief of the factor, e.g. \"0.8 0.1 0.1\".")
    String to;

    @Option(names = "--from", paramLabel = "\"BELIEF\"",
            description = "The belief to move from (default: the mean training belief, the prediction at the mean activation).")
    String from;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy", converter = Options.AnyPath.class,
            description = "The steering vector, float32 [1, d]: add it to the residual stream at the probed layer.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing --out file.")
    boolean overwrite;

    SteerCommand(Output output) {
        super(output);
    }

    /**
     * The fit in the probe directory {@code --probe}, which must hold factor probes.
     *
     * @param what what needs them, for the message
     * @throws IllegalArgumentException naming --probe when it is a directory of layers or holds a joint probe only
     */
    static ProbeFit factorProbes(Path probe, String what) throws IOException {
        if (Files.isRegularFile(probe.resolve(ProbeCommand.LAYERS_FILE)) && !Files.exists(probe.resolve("probe.json"))) {
            throw new IllegalArgumentException("--probe " + probe + " holds one probe per layer (" + ProbeCommand.LAYERS_FILE
                    + "): give one of them, e.g. --probe " + probe.resolve("layer0"));
        }
        ProbeFit fit = ProbeFiles.read(probe);
        if (fit.factors() == 0) {
            throw new IllegalArgumentException("--probe " + probe + " holds a joint probe only: " + what + " needs factor probes (ghmm probe "
                    + "--targets factors or both)");
        }
        return fit;
    }

    @Override
    int run() throws IOException {
        double[] target = Options.numbers("--to", to);
        double[] start = from == null ? null : Options.numbers("--from", from);
        OutputFiles.checkFile(out, overwrite, probe);
        ProbeFit fit = factorProbes(probe, "steering");
        if (factor >= fit.factors()) {
            throw usage(Options.refused("--factor", Integer.toString(factor), "is out of range: the probe has factors 0 … " + (fit.factors() - 1)));
        }
        ProbeFit.Target steered = fit.targets().get(fit.targets().size() - fit.factors() + factor);
        if (start == null) {
            start = fit.meanBelief(steered);
        }
        ActivationSteering.Shift shift = ActivationSteering.of(fit).between(factor, start, target);
        OutputFiles.writeFile("--out", out, overwrite, tmp -> ActivationSteering.write(tmp, List.of(shift.delta())), probe);
        if (text) {
            output.line("wrote " + out + ": Δx of norm " + Output.number(shift.norm()) + " moves factor " + factor + " from "
                    + Output.numbers(start) + " to " + Output.numbers(target));
            double[][] changes = shift.changes();
            for (int g = 0; g < changes.length; g++) {
                output.line("factor " + g + ": predicted change " + Output.numbers(changes[g]) + (g == factor ? ", miss " : ", cross-talk ")
                        + Output.number(shift.crossTalk()[g]));
            }
            return 0;
        }
        ObjectNode o = Json.createObjectNode();
        o.put("out", out.toString());
        o.put("factor", factor);
        o.set("from", Json.array(start));
        o.set("to", Json.array(target));
        o.put("width", fit.width());
        Output.put(o, "norm", shift.norm());
        ArrayNode effects = o.putArray("effects");
        double[][] changes = shift.changes();
        for (int g = 0; g < changes.length; g++) {
            ObjectNode e = effects.addObject();
            e.put("factor", g);
            e.set("change", Json.array(changes[g]));
            Output.put(e, g == factor ? "miss" : "crossTalk", shift.crossTalk()[g]);
        }
        if (shift.jointChange() != null) {
            o.set("jointChange", Json.array(shift.jointChange()));
        }
        output.json(o);
        return 0;
    }

    @Override
    String workload() {
        return "--probe " + probe;
    }
}
