package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.factored.geometry.Titles;
import dev.ghmm.io.json.Json;
import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghmm measures}: block entropies H(0 … L) and the measures derived from them, in bits. */
@Command(name = "measures", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"Block entropies H(0) ... H(L) and the measures derived from them, in bits.",
            "Entropy rate, excess entropy, transient information and, for a finite mixed-state presentation, its size and "
                + "statistical complexity."})
final class MeasuresCommand extends ProcessCommand {
    @Option(names = "--max-length", required = true, paramLabel = "L", converter = Options.MaxLength.class,
            description = "The largest block length, 1 <= L <= 10000.")
    int maxLength;

    @Option(names = "--plot", paramLabel = "FILE.png", converter = Options.Picture.class,
            description = "Also draw the myopic entropy rate h(L) into this PNG file (new, or replaced with --overwrite).")
    Path plot;

    @Option(names = "--overwrite", description = "Replace an existing --plot file.")
    boolean overwrite;

    MeasuresCommand(Output output) {
        super(output);
    }

    @Override
    int run() throws IOException {
        if (overwrite && plot == null) {
            throw usage("--overwrite needs --plot");
        }
        checkPlot(plot, overwrite);
        Process p = load();
        InformationMeasures m = InformationMeasures.compute(p, maxLength);
        if (plot != null) {
            Plots.writePng(Plots.entropyRates(m, Titles.of(p) + ": myopic entropy rate h(L)", MspCommand.PLOT_WIDTH, MspCommand.PLOT_HEIGHT), plot);
        }
        if (text) {
            output.line("information measures of " + p.name() + " to L = " + maxLength + ", in bits");
            double[] h = m.myopicEntropyRate();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"L", "H(L)", "h(L) = H(L) - H(L-1)"});
            for (int l = 0; l < m.blockEntropy().length; l++) {
                rows.add(new String[] {Integer.toString(l), Output.number(m.blockEntropy()[l]), l == 0 ? "" : Output.number(h[l - 1])});
            }
            output.lines(Output.table(rows).stream().map(line -> "  " + line).toList());
            output.line("entropy rate h_mu: " + Output.number(m.entropyRate())
                    + (m.entropyRateExact() ? " (exact, from the finite mixed-state presentation)" : " (the estimate h(" + maxLength + "))"));
            output.line("excess entropy E: " + Output.number(m.excessEntropy()));
            output.line("transient information T: " + Output.number(m.transientInformation()));
            output.line(m.mspStates() >= 0
                    ? "mixed-state presentation: " + m.mspStates() + " states, statistical complexity " + Output.number(m.statisticalComplexity())
                    : "mixed-state presentation: not finite to depth " + maxLength);
            return 0;
        }
        ObjectNode o = Json.createObjectNode();
        o.set("blockEntropy", Json.array(m.blockEntropy()));
        Output.put(o, "entropyRate", m.entropyRate());
        o.put("entropyRateExact", m.entropyRateExact());
        Output.put(o, "excessEntropy", m.excessEntropy());
        Output.put(o, "transientInformation", m.transientInformation());
        if (m.mspStates() >= 0) {
            o.put("mspStates", m.mspStates());
            Output.put(o, "statisticalComplexity", m.statisticalComplexity());
        } else {
            o.putNull("mspStates");
            o.putNull("statisticalComplexity");
        }
        output.json(o);
        return 0;
    }

    @Override
    String work() {
        return "--max-length " + maxLength + " of " + super.work();
    }
}
