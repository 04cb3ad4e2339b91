package dev.ghmm.examples;

import dev.ghmm.cli.Plots;
import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.geometry.Titles;
import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws the pictures of docs/guide.md: the Mess3 belief fractal on the 2-simplex, the finite belief set of
 * Z1R' × Z1R' one simplex per factor, the beliefs of the GHMM Post Quantum in their own plane, and h(L) against L
 * for Mess3 and Z1R' × Z1R'.
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
        Plots.writePng(Plots.beliefGeometry(fractal, Plots.Colouring.NEXT_SYMBOL, 640, 600), dir.resolve("mess3-beliefs.png"));
        FactoredProcess zz = FactoredCatalogue.z1rPrimeSquared();
        MixedStatePresentation finite = MixedStatePresentation.enumerate(zz, 20, InformationMeasures.TOLERANCE);
        Plots.writePng(Plots.beliefGeometry(finite, Plots.Colouring.PROBABILITY, 600, 520), dir.resolve("z1r-x-z1r-beliefs.png"));
        Ghmm quantum = Catalogue.postQuantum(1, 0.5);
        MixedStatePresentation plane = MixedStatePresentation.enumerate(quantum, 14, InformationMeasures.TOLERANCE);
        Plots.writePng(Plots.beliefGeometry(plane, Plots.Colouring.NEXT_SYMBOL, 640, 600), dir.resolve("post-quantum-beliefs.png"));
        String[] files = {"mess3-entropy-rate.png", "z1r-x-z1r-entropy-rate.png"};
        Process[] processes = {mess, zz};
        for (int k = 0; k < 2; k++) {
            InformationMeasures m = InformationMeasures.compute(processes[k], 12);
            Plots.writePng(Plots.entropyRates(m, Titles.of(processes[k]) + ": myopic entropy rate h(L)", 640, 420),
                    dir.resolve(files[k]));
            System.out.printf("%s: h_mu = %.6f bits (%s)%n", processes[k].name(), m.entropyRate(),
                    m.entropyRateExact() ? "exact" : "estimate at L = 12");
        }
        System.out.println(fractal.size() + " Mess3 beliefs to depth 10, " + finite.size() + " Z1R' x Z1R' beliefs, " + plane.size()
                + " Post Quantum beliefs to depth 14; pictures in " + dir);
    }
}
