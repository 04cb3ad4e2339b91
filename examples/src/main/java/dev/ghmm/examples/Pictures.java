package dev.ghmm.examples;

import dev.ghmm.cli.Plots;
import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws the pictures of docs/guide.md: the Mess3 belief fractal on the 2-simplex, the finite belief set of
 * Z1R' × Z1R' on its first two principal components, and h(L) against L for both processes.
 */
public final class Pictures {
    private Pictures() {
    }

    /**
     * Runs the example and prints where the pictures went.
     *
     * @param args optional output directory (default: a new temporary directory)
     * @throws IOException if a picture cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("ghmm-pictures");
        Ghmm mess = Catalogue.mess3(0.05, 0.85);
        MixedStatePresentation fractal = MixedStatePresentation.enumerate(mess, 10, InformationMeasures.TOLERANCE);
        Plots.writePng(Plots.beliefGeometry(fractal, Plots.Colouring.NEXT_SYMBOL, 800, 760), dir.resolve("mess3-beliefs.png"));
        Ghmm zz = Catalogue.z1rPrimeSquared();
        MixedStatePresentation finite = MixedStatePresentation.enumerate(zz, 20, InformationMeasures.TOLERANCE);
        Plots.writePng(Plots.beliefGeometry(finite, Plots.Colouring.PROBABILITY, 800, 760), dir.resolve("z1r-x-z1r-beliefs.png"));
        for (Ghmm g : new Ghmm[] {mess, zz}) {
            InformationMeasures m = InformationMeasures.compute(g, 12);
            Plots.writePng(Plots.entropyRates(m, g.name() + ": myopic entropy rate", 800, 500), dir.resolve(g.name() + "-entropy-rate.png"));
            System.out.printf("%s: h_mu = %.6f bits (%s)%n", g.name(), m.entropyRate(), m.entropyRateExact() ? "exact" : "estimate at L = 12");
        }
        System.out.println(fractal.size() + " Mess3 beliefs to depth 10, " + finite.size() + " Z1R' x Z1R' beliefs; pictures in " + dir);
    }
}
