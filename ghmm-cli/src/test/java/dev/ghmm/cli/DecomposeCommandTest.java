package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import dev.ghmm.probe.Geometry;
import dev.ghmm.probe.ProbeFiles;
import dev.ghmm.probe.ProbeFit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ghmm decompose}: directions taken from the read subspaces of a planted probe split as built; every option; bad input. */
class DecomposeCommandTest {
    @TempDir
    Path tmp;

    private Path probe() throws IOException {
        Path dir = new ProbeFixture().write(Files.createDirectories(tmp.resolve("fixture")));
        CliTest.Result r = ProbeCommandTest.probe(dir, "probe", "--targets", "factors");
        assertEquals(0, r.code(), r.err());
        return dir.resolve("probe");
    }

    private static void write(Path file, double[] values, long... shape) throws IOException {
        try (Npy.Writer w = Npy.Writer.of(file, Npy.Dtype.FLOAT64, shape)) {
            w.write(values, 0, values.length);
        }
    }

    @Test
    void directionsOfTheReadSubspacesSplitAsBuiltRowsOrColumns() throws IOException {
        Path probe = probe();
        ProbeFit fit = ProbeFiles.read(probe);
        Geometry g = Geometry.of(fit);
        int d = fit.width();
        double[][] q0 = g.basis(0);
        double[][] q1 = g.basis(1);
        double[] rows = new double[2 * d];
        double[] cols = new double[2 * d];
        for (int i = 0; i < d; i++) {
            rows[i] = 2 * q0[i][0];
            rows[d + i] = q0[i][1] + q1[i][0];
            cols[i * 2] = rows[i];
            cols[i * 2 + 1] = rows[d + i];
        }
        write(tmp.resolve("rows.npy"), rows, 2, d);
        write(tmp.resolve("cols.npy"), cols, d, 2);
        CliTest.Result r = run("decompose", "--probe", probe.toString(), "--directions", tmp.resolve("rows.npy").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode o = Json.parse(r.out());
        assertEquals(d, o.get("width").asInt());
        JsonNode first = o.at("/directions/0");
        assertEquals(2, first.get("norm").asDouble(), 1e-12);
        assertEquals(1, first.at("/factors/0/share").asDouble(), 1e-9);
        assertEquals(1, first.get("union").asDouble(), 1e-9);
        assertEquals(0, first.get("outside").asDouble(), 1e-9);
        double[] change = fit.factor(0).change(java.util.Arrays.copyOf(rows, d));
        for (int k = 0; k < change.length; k++) {
            assertEquals(change[k], first.at("/factors/0/beliefChange/" + k).asDouble(), 1e-12);
        }
        assertEquals(1, o.at("/directions/1/union").asDouble(), 1e-9, "a sum of read directions lies in the union");
        assertEquals(2, o.at("/subspace/factors/0/principalAngles").size());
        assertEquals(0, o.at("/subspace/factors/0/principalAngles/0").asDouble(), 1e-7, "the span holds a direction of R0");

        CliTest.Result c = run("decompose", "--probe", probe.toString(), "--directions", tmp.resolve("cols.npy").toString(), "--columns");
        assertEquals(0, c.code(), c.err());
        assertEquals(r.out(), c.out(), "--columns reads the transposed file alike");

        write(tmp.resolve("one.npy"), java.util.Arrays.copyOf(rows, d), d);
        CliTest.Result one = run("decompose", "--probe", probe.toString(), "--directions", tmp.resolve("one.npy").toString());
        assertEquals(0, one.code(), one.err());
        assertFalse(Json.parse(one.out()).has("subspace"), "one direction is no subspace");

        CliTest.Result text = run("decompose", "--probe", probe.toString(), "--directions", tmp.resolve("rows.npy").toString(), "--text");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("direction"), text.out());
        assertTrue(text.out().contains("subspace vs factor 1: principal angles"), text.out());
    }

    @Test
    void badDirectionsAreOneLineAndExitTwo() throws IOException {
        Path probe = probe();
        int d = ProbeFiles.read(probe).width();
        write(tmp.resolve("narrow.npy"), new double[3], 1, 3);
        write(tmp.resolve("zero.npy"), new double[2 * d], 2, d);
        double[] nan = new double[d];
        nan[1] = Double.NaN;
        write(tmp.resolve("nan.npy"), nan, 1, d);
        String[][] cases = {
            {tmp.resolve("narrow.npy").toString(), "has shape [1, 3]: expected [" + d + "] or [m, " + d + "]"},
            {tmp.resolve("zero.npy").toString(), "direction 0: the direction is zero"},
            {tmp.resolve("nan.npy").toString(), "direction 0: direction[1] = NaN is not finite"},
            {tmp.resolve("missing.npy").toString(), "missing.npy"},
        };
        for (String[] c : cases) {
            CliTest.Result r = run("decompose", "--probe", probe.toString(), "--directions", c[0]);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains(c[1]), r.err());
        }
    }
}
