package dev.ghmm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.io.Npy;
import dev.ghmm.io.Version;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.output.OutputFiles;
import dev.ghmm.io.process.ProcessFiles;
import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ghmm msp}: the mixed-state presentation to a depth. Every node with its belief, depth, probability at that
 * depth and transitions, and for a finite presentation the limiting distribution, recurrent classes and transient
 * nodes: as JSON on stdout, or with {@code --out} as {@code .npy} arrays in a directory (layout {@code ghmm-msp/1},
 * see docs/guide.md) with a summary on stdout.
 */
@Command(name = "msp", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"The mixed-state presentation to depth L: every distinct belief with its depth, its probability at that depth and its transitions.",
            "When the presentation is finite, also its limiting distribution, recurrent classes and transient beliefs.",
            "With --out the arrays go to .npy files (docs/guide.md, \"Information measures, the mixed-state presentation and pictures\")"
                + " and stdout gets a summary; --summary prints the summary alone."})
final class MspCommand extends ProcessCommand {
    static final int PLOT_WIDTH = 900;
    static final int PLOT_HEIGHT = 800;
    /** The layout of an {@code --out} directory. */
    static final String FORMAT = "ghmm-msp/1";

    @Option(names = "--depth", required = true, paramLabel = "L", converter = Options.Depth.class, description = "Word length, 0 <= L <= 10000.")
    int depth;

    @Option(names = "--out", paramLabel = "DIR", converter = Options.AnyPath.class,
            description = "Write the presentation as .npy arrays and meta.json into this directory (new, empty, or replaced whole with "
                    + "--overwrite) instead of listing every node on stdout.")
    Path out;

    @Option(names = "--overwrite", description = "Replace a non-empty --out whole, and an existing --plot file.")
    boolean overwrite;

    @Option(names = "--summary", description = "Print only the summary (process, depth, finite, size, transitions, tolerance), not every node:"
            + " the nodes of a deep presentation run to megabytes. With --out the summary is all that is printed anyway.")
    boolean summaryOnly;

    @Option(names = "--plot", paramLabel = "FILE.png", converter = Options.Picture.class,
            description = "Also draw the beliefs into this PNG file (new, or replaced with --overwrite).")
    Path plot;

    @Option(names = "--colour", paramLabel = "next-symbol|probability", converter = Options.ColouringName.class,
            completionCandidates = Options.ColouringName.class,
            description = "How --plot colours the beliefs: by the most likely next symbol (default) or by probability.")
    Plots.Colouring colour = Plots.Colouring.NEXT_SYMBOL;

    MspCommand(Output output) {
        super(output);
    }

    @Override
    int run() throws IOException {
        if (overwrite && out == null && plot == null) {
            throw usage("--overwrite needs --out or --plot");
        }
        checkPlot(plot, overwrite);
        if (out != null) {
            OutputFiles.checkDirectory(out, overwrite, processFile());
        }
        Process p = load();
        MixedStatePresentation msp = MixedStatePresentation.enumerate(p, depth, InformationMeasures.TOLERANCE);
        // The picture is drawn before anything is written, so that a refusal leaves no --out behind.
        List<XYChart> picture = plot == null ? null : Plots.beliefGeometry(msp, colour, PLOT_WIDTH, PLOT_HEIGHT);
        if (out != null) {
            write(msp, ProcessFiles.specJson(process));
        }
        if (plot != null) {
            Plots.writePng(picture, plot);
        }
        if (text) {
            text(msp);
            return 0;
        }
        ObjectNode o = summary(msp);
        if (out != null) {
            o.put("out", out.toString());
        } else if (!summaryOnly) {
            o.set("nodes", nodes(msp));
            if (msp.isFinite()) {
                o.set("limitingDistribution", Json.array(limit(msp)));
                ArrayNode classes = o.putArray("recurrentClasses");
                Arrays.stream(msp.recurrentClasses()).forEach(cls -> classes.add(Json.array(cls)));
                o.set("transient", Json.array(msp.transientBeliefs()));
            } else {
                o.putNull("limitingDistribution");
                o.putNull("recurrentClasses");
                o.putNull("transient");
            }
        }
        output.json(o);
        return 0;
    }

    /** The keys that stdout and meta.json share. */
    private static ObjectNode summary(MixedStatePresentation msp) {
        ObjectNode o = Json.createObjectNode();
        o.put("process", msp.process().name());
        o.put("depth", msp.depth());
        o.put("finite", msp.isFinite());
        o.put("size", msp.size());
        o.put("transitions", transitionCount(msp));
        o.put("tolerance", msp.tolerance());
        return o;
    }

    private static long transitionCount(MixedStatePresentation msp) {
        long m = 0;
        for (int b = 0; b < msp.size(); b++) {
            for (int x = 0; x < msp.process().symbols(); x++) {
                m += msp.successor(b, x) >= 0 ? 1 : 0;
            }
        }
        return m;
    }

    /**
     * One object per node: its index, depth, probability at that depth, belief, the factor beliefs of a factored
     * process, and transitions.
     */
    private static ArrayNode nodes(MixedStatePresentation msp) {
        Process g = msp.process();
        ArrayNode nodes = Json.createArrayNode();
        MixedStatePresentation.PartReader parts = msp.partReader();
        for (int b = 0; b < msp.size(); b++) {
            ObjectNode e = nodes.addObject();
            e.put("node", b);
            e.put("depth", msp.depthOf(b));
            e.put("probability", msp.probabilityAtDepth(b));
            e.set("belief", Json.array(msp.belief(b)));
            if (factored(msp)) {
                ArrayNode factors = e.putArray("factorBeliefs");
                for (int f = 0; f < msp.parts(); f++) {
                    factors.add(Json.array(parts.part(b, f)));
                }
            }
            ArrayNode transitions = e.putArray("transitions");
            for (int x = 0; x < g.symbols(); x++) {
                int target = msp.successor(b, x);
                if (target >= 0) {
                    transitions.addObject().put("symbol", g.alphabet().name(x)).put("probability", msp.symbolProbability(b, x)).put("target", target);
                }
            }
        }
        return nodes;
    }

    /** The {@code ghmm-msp/1} directory: one .npy file per array, then meta.json. */
    private void write(MixedStatePresentation msp, JsonNode spec) throws IOException {
        int n = msp.size();
        int s = msp.process().states();
        int symbols = msp.process().symbols();
        boolean finite = msp.isFinite();
        // bytes per node: belief, factor beliefs, depth, probability, successors, symbol probabilities, and π and class when finite
        long factorWidth = 0;
        for (int f = 0; factored(msp) && f < msp.parts(); f++) {
            factorWidth += msp.partDimension(f);
        }
        long perNode = 8L * (s + factorWidth) + 4 + 8 + 12L * symbols + (finite ? 12 : 0);
        OutputFiles.writeDirectory(out, overwrite, () -> 8 * 4096 + n * perNode, dir -> {
            try (Npy.Writer w = Npy.Writer.float64(dir.resolve("beliefs.npy"), n, s)) {
                for (int b = 0; b < n; b++) {
                    w.write(msp.belief(b), 0, s);
                }
            }
            int[] depths = new int[n];
            double[] probabilities = new double[n];
            for (int b = 0; b < n; b++) {
                depths[b] = msp.depthOf(b);
                probabilities[b] = msp.probabilityAtDepth(b);
            }
            writeInts(dir.resolve("depths.npy"), depths, n);
            writeDoubles(dir.resolve("probabilities.npy"), probabilities, n);
            int[] successors = new int[symbols];
            double[] symbolProbabilities = new double[symbols];
            try (Npy.Writer next = Npy.Writer.int32(dir.resolve("successors.npy"), n, symbols);
                 Npy.Writer pr = Npy.Writer.float64(dir.resolve("symbolProbabilities.npy"), n, symbols)) {
                for (int b = 0; b < n; b++) {
                    for (int x = 0; x < symbols; x++) {
                        successors[x] = msp.successor(b, x);
                        symbolProbabilities[x] = msp.symbolProbability(b, x);
                    }
                    next.write(successors, 0, symbols);
                    pr.write(symbolProbabilities, 0, symbols);
                }
            }
            List<String> files = new ArrayList<>(List.of("beliefs.npy", "depths.npy", "probabilities.npy", "successors.npy", "symbolProbabilities.npy"));
            int[] factorDimensions = new int[msp.parts()];
            if (factored(msp)) {
                int width = 0;
                for (int f = 0; f < factorDimensions.length; f++) {
                    factorDimensions[f] = msp.partDimension(f);
                    width += factorDimensions[f];
                }
                double[] row = new double[width];
                MixedStatePresentation.PartReader parts = msp.partReader();
                try (Npy.Writer w = Npy.Writer.float64(dir.resolve("factorBeliefs.npy"), n, width)) {
                    for (int b = 0; b < n; b++) {
                        for (int f = 0, at = 0; f < factorDimensions.length; at += factorDimensions[f], f++) {
                            parts.part(b, f, row, at);
                        }
                        w.write(row, 0, width);
                    }
                }
                files.add("factorBeliefs.npy");
            }
            if (finite) {
                writeDoubles(dir.resolve("limitingDistribution.npy"), limit(msp), n);
                int[] recurrentClass = new int[n];
                Arrays.fill(recurrentClass, -1);
                int[][] classes = msp.recurrentClasses();
                for (int k = 0; k < classes.length; k++) {
                    for (int b : classes[k]) {
                        recurrentClass[b] = k;
                    }
                }
                writeInts(dir.resolve("recurrentClass.npy"), recurrentClass, n);
                files.add("limitingDistribution.npy");
                files.add("recurrentClass.npy");
            }
            ObjectNode meta = summary(msp);
            meta.put("format", FORMAT);
            meta.set("spec", spec);
            meta.put("states", s);
            if (factored(msp)) {
                meta.set("factorDimensions", Json.array(factorDimensions));
            }
            ArrayNode alphabet = meta.putArray("alphabet");
            Arrays.stream(msp.process().alphabet().names()).forEach(alphabet::add);
            files.forEach(meta.putArray("files")::add);
            meta.put("version", Version.CURRENT);
            Output.writeJson(dir.resolve("meta.json"), meta);
        }, processFile());
    }

    /** The limiting distribution of a finite presentation; one that synchronises too slowly is refused as bad input. */
    private double[] limit(MixedStatePresentation msp) {
        try {
            return msp.limitingDistribution();
        } catch (IllegalStateException e) {
            throw usage("the limiting distribution of " + msp.process().name() + " is not computed: " + e.getMessage());
        }
    }

    private static void writeInts(Path file, int[] values, int n) throws IOException {
        try (Npy.Writer w = Npy.Writer.int32(file, n)) {
            w.write(values, 0, n);
        }
    }

    private static void writeDoubles(Path file, double[] values, int n) throws IOException {
        try (Npy.Writer w = Npy.Writer.float64(file, n)) {
            w.write(values, 0, n);
        }
    }

    /**
     * A summary line, then one row per node: its index, depth, probability at that depth, belief and transitions
     * (symbol:probability→target), and for a finite presentation its limiting probability and role.
     */
    private void text(MixedStatePresentation msp) {
        Process g = msp.process();
        output.line("mixed-state presentation of " + g.name() + " to depth " + msp.depth() + ": " + msp.size()
                + (msp.size() == 1 ? " belief" : " beliefs") + (msp.isFinite() ? ", finite (closed under every symbol)" : ", not finite")
                + (out == null ? "" : "; written to " + out));
        if (out != null || summaryOnly) {
            return;
        }
        String[] role = new String[msp.size()];
        double[] limit = msp.isFinite() ? limit(msp) : null;
        if (msp.isFinite()) {
            int[][] classes = msp.recurrentClasses();
            for (int k = 0; k < classes.length; k++) {
                for (int b : classes[k]) {
                    role[b] = "recurrent class " + k;
                }
            }
            for (int b : msp.transientBeliefs()) {
                role[b] = "transient";
            }
        }
        boolean factored = factored(msp);
        MixedStatePresentation.PartReader parts = msp.partReader();
        List<String[]> rows = new ArrayList<>();
        rows.add(withFactorBeliefs(factored, msp.isFinite() ? new String[] {"#", "depth", "Pr at depth", "belief", "transitions", "limit", "role"}
                : new String[] {"#", "depth", "Pr at depth", "belief", "transitions"}, "factor beliefs"));
        for (int b = 0; b < msp.size(); b++) {
            StringBuilder transitions = new StringBuilder();
            for (int x = 0; x < g.symbols(); x++) {
                int target = msp.successor(b, x);
                if (target >= 0) {
                    transitions.append(transitions.isEmpty() ? "" : " ").append(g.alphabet().name(x)).append(':')
                            .append(Output.number(msp.symbolProbability(b, x))).append("->").append(target);
                }
            }
            String[] cells = {Integer.toString(b), Integer.toString(msp.depthOf(b)), Output.number(msp.probabilityAtDepth(b)),
                Output.numbers(msp.belief(b)), transitions.isEmpty() ? "(frontier)" : transitions.toString()};
            StringJoiner factors = new StringJoiner(" x ");
            for (int f = 0; factored && f < msp.parts(); f++) {
                factors.add(Output.numbers(parts.part(b, f)));
            }
            rows.add(withFactorBeliefs(factored, msp.isFinite() ? new String[] {cells[0], cells[1], cells[2], cells[3], cells[4],
                Output.number(limit[b]), role[b]} : cells, factors.toString()));
        }
        output.lines(Output.table(rows).stream().map(line -> "  " + line).toList());
    }

    /**
     * Whether the presentation is of a factored process, or of a noisy one over a factored process, whose filter's
     * parts are factor beliefs (as {@code sample --outputs factor-beliefs} decides).
     */
    private static boolean factored(MixedStatePresentation msp) {
        return NoisyProcess.factorsOf(msp.process()).isPresent();
    }

    /** The row with the factor beliefs after the belief, for a factored process. */
    private static String[] withFactorBeliefs(boolean factored, String[] row, String factorBeliefs) {
        if (!factored) {
            return row;
        }
        String[] longer = new String[row.length + 1];
        System.arraycopy(row, 0, longer, 0, 4);
        longer[4] = factorBeliefs;
        System.arraycopy(row, 4, longer, 5, row.length - 4);
        return longer;
    }

    @Override
    String work() {
        return "--depth " + depth + " of " + super.work();
    }
}
