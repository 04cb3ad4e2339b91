package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.Ghmm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghmm msp}: the mixed-state presentation to a depth, its beliefs and, when finite, its recurrent classes. */
@Command(name = "msp", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"The mixed-state presentation to depth L: every distinct belief and its probability.",
            "When the presentation is finite, also its recurrent classes and transient beliefs."})
final class MspCommand extends ProcessCommand {
    static final int PLOT_WIDTH = 900;
    static final int PLOT_HEIGHT = 800;

    @Option(names = "--depth", required = true, paramLabel = "L", converter = Options.Depth.class, description = "Word length, 0 <= L <= 10000.")
    int depth;

    @Option(names = "--plot", paramLabel = "FILE.png", converter = Options.Picture.class, description = "Also draw the beliefs into this PNG file.")
    Path plot;

    @Option(names = "--colour", paramLabel = "next-symbol|probability", converter = Options.ColouringName.class,
            completionCandidates = Options.ColouringNames.class,
            description = "How --plot colours the beliefs: by the most likely next symbol (default) or by probability.")
    Plots.Colouring colour = Plots.Colouring.NEXT_SYMBOL;

    MspCommand(Output output) {
        super(output);
    }

    @Override
    int run() throws IOException {
        Ghmm g = load().joint();
        MixedStatePresentation msp = MixedStatePresentation.enumerate(g, depth, InformationMeasures.TOLERANCE);
        if (plot != null) {
            Plots.writePng(Plots.beliefGeometry(msp, colour, PLOT_WIDTH, PLOT_HEIGHT), plot);
        }
        double[] last = msp.distribution(msp.depth());
        if (text) {
            text(g, msp, last);
            return 0;
        }
        ObjectNode o = ProcessFiles.JSON.createObjectNode();
        o.put("finite", msp.isFinite());
        o.put("depth", msp.depth());
        o.put("states", msp.size());
        ArrayNode beliefs = o.putArray("beliefs");
        for (int b = 0; b < msp.size(); b++) {
            ObjectNode e = beliefs.addObject();
            e.set("belief", ProcessFiles.array(msp.belief(b)));
            e.put("probability", last[b]);
        }
        if (msp.isFinite()) {
            ArrayNode classes = o.putArray("recurrentClasses");
            msp.recurrentClasses().forEach(cls -> classes.add(ProcessFiles.array(cls)));
            o.set("transient", ProcessFiles.array(msp.transientBeliefs()));
        }
        output.json(o);
        return 0;
    }

    /** A summary line, then one row per belief: its index, the belief, its probability at depth L and its role. */
    private void text(Ghmm g, MixedStatePresentation msp, double[] last) {
        output.line("mixed-state presentation of " + g.name() + " to depth " + msp.depth() + ": " + msp.size()
                + (msp.size() == 1 ? " belief" : " beliefs") + (msp.isFinite() ? ", finite (closed under every symbol)" : ", not finite"));
        String[] role = new String[msp.size()];
        if (msp.isFinite()) {
            List<int[]> classes = msp.recurrentClasses();
            for (int k = 0; k < classes.size(); k++) {
                for (int b : classes.get(k)) {
                    role[b] = "recurrent class " + k;
                }
            }
            for (int b : msp.transientBeliefs()) {
                role[b] = "transient";
            }
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(msp.isFinite() ? new String[] {"#", "belief", "Pr at depth " + msp.depth(), "role"}
                : new String[] {"#", "belief", "Pr at depth " + msp.depth()});
        for (int b = 0; b < msp.size(); b++) {
            String[] cells = {Integer.toString(b), Output.numbers(msp.belief(b)), Output.number(last[b])};
            rows.add(msp.isFinite() ? new String[] {cells[0], cells[1], cells[2], role[b]} : cells);
        }
        output.lines(Output.table(rows).stream().map(line -> "  " + line).toList());
    }

    @Override
    String workload() {
        return "--depth " + depth + " of " + super.workload();
    }
}
