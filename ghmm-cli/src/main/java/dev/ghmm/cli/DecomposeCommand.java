package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import dev.ghmm.probe.Geometry;
import dev.ghmm.probe.ProbeFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ghmm decompose}: where given activation directions (steering vectors, the columns of a LoRA B, differences of
 * means) act, factor by factor: each direction's share in every factor's read subspace, in their union and outside,
 * and the belief change each factor's probe predicts for it; several directions also as one subspace, by its principal
 * angles to each factor's read subspace ({@link Geometry#decompose}, {@link Geometry#principalAngles(double[][], int)}).
 */
@Command(name = "decompose", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"Splits activation directions (a steering vector, a LoRA update) over the factors' read subspaces of a probe.",
            "Per direction it gives its share in each factor's subspace, in their union and outside, and each factor's predicted belief change.",
            "Several directions are also taken as one subspace, with its principal angles to each factor's subspace."})
final class DecomposeCommand extends CommandBase {
    @Option(names = "--probe", required = true, paramLabel = "DIR", converter = Options.AnyPath.class,
            description = "A probe directory written by ghmm probe with factor targets.")
    Path probe;

    @Option(names = "--directions", required = true, paramLabel = "FILE.npy", converter = Options.AnyPath.class,
            description = "The directions: .npy of float16/32/64, [d] (one) or [m, d] (one per row).")
    Path directions;

    @Option(names = "--columns", description = "The file is [d, m] with one direction per column (a LoRA B matrix of shape [d, r]).")
    boolean columns;

    DecomposeCommand(Output output) {
        super(output);
    }

    @Override
    int run() throws IOException {
        ProbeFit fit = SteerCommand.factorProbes(probe, "decompose");
        double[][] v = read(fit.width());
        Geometry g = Geometry.of(fit);
        ObjectNode o = Json.createObjectNode();
        o.put("width", fit.width());
        ArrayNode list = o.putArray("directions");
        for (int i = 0; i < v.length; i++) {
            Geometry.Decomposition d;
            try {
                d = g.decompose(v[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(directions + ", direction " + i + ": " + e.getMessage());
            }
            ObjectNode n = list.addObject();
            n.put("index", i);
            n.put("norm", Math.sqrt(Arrays.stream(v[i]).map(x -> x * x).sum()));
            ArrayNode factors = n.putArray("factors");
            for (int f = 0; f < fit.factors(); f++) {
                ObjectNode factor = factors.addObject();
                factor.put("factor", f);
                factor.put("share", d.factorShares()[f]);
                factor.set("beliefChange", Json.array(fit.factor(f).change(v[i])));
            }
            n.put("union", d.union());
            n.put("outside", d.outside());
        }
        if (v.length > 1) {
            ObjectNode subspace = o.putObject("subspace");
            ArrayNode factors = subspace.putArray("factors");
            for (int f = 0; f < fit.factors(); f++) {
                factors.addObject().put("factor", f).set("principalAngles", Json.array(g.principalAngles(v, f)));
            }
        }
        if (text) {
            text(o, fit.factors());
        } else {
            output.json(o);
        }
        return 0;
    }

    /** The directions as rows of length d. */
    private double[][] read(int width) throws IOException {
        Npy.Array a = Npy.read(directions);
        long[] shape = a.shape();
        boolean flat = shape.length == 1;
        long d = flat ? shape[0] : shape.length == 2 ? shape[columns ? 0 : 1] : -1;
        if (d != width || shape.length == 2 && shape[columns ? 1 : 0] == 0) {
            throw new IllegalArgumentException("--directions " + directions + " has shape " + Arrays.toString(shape) + ": expected "
                    + (columns ? "[" + width + ", m]" : "[" + width + "] or [m, " + width + "]") + " with m >= 1 for a probe of width d = " + width);
        }
        double[] x = a.doubles();
        int m = flat ? 1 : (int) shape[columns ? 1 : 0];
        double[][] v = new double[m][width];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < width; i++) {
                v[j][i] = columns && !flat ? x[i * m + j] : x[j * width + i];
            }
        }
        return v;
    }

    private void text(ObjectNode o, int factors) {
        StringBuilder head = new StringBuilder(String.format("%-10s %12s", "direction", "norm"));
        for (int f = 0; f < factors; f++) {
            head.append(String.format(" %10s", "factor " + f));
        }
        output.line(head.append(String.format(" %10s %10s", "union", "outside")).toString());
        for (var n : o.get("directions")) {
            StringBuilder row = new StringBuilder(String.format("%-10d %12s", n.get("index").asInt(), Output.number(n.get("norm").asDouble())));
            for (var f : n.get("factors")) {
                row.append(String.format(" %10s", Output.number(f.get("share").asDouble())));
            }
            output.line(row.append(String.format(" %10s %10s", Output.number(n.get("union").asDouble()), Output.number(n.get("outside").asDouble())))
                    .toString());
        }
        if (o.has("subspace")) {
            for (var f : o.get("subspace").get("factors")) {
                StringBuilder row = new StringBuilder("subspace vs factor " + f.get("factor").asInt() + ": principal angles");
                f.get("principalAngles").forEach(a -> row.append(' ').append(Output.number(a.asDouble())));
                output.line(row.toString());
            }
        }
    }

    @Override
    String workload() {
        return "--directions " + directions;
    }
}
