package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path tmp;

    @Test
    void simplexCornersAreTheTriangle() {
        // Z1R' reaches the three corner beliefs 100, 010, 001 (MeasuresTest): they land on (0,0), (1,0), (½, √3/2)
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.z1rPrime(), 10, 1e-10);
        double[][] xy = Plots.project(msp);
        Set<String> corners = new HashSet<>();
        for (int b = 0; b < msp.size(); b++) {
            double[] eta = msp.belief(b);
            for (int i = 0; i < 3; i++) {
                if (Math.abs(eta[i] - 1) < 1e-12) {
                    corners.add(String.format(java.util.Locale.ROOT, "%d %.6f %.6f", i, xy[0][b], xy[1][b]));
                }
            }
        }
        assertEquals(Set.of("0 0.000000 0.000000", "1 1.000000 0.000000", "2 0.500000 0.866025"), corners);
    }

    @Test
    void principalComponentsOfPlanarBeliefsKeepTheirDistances() {
        // Mess3 padded with a fourth state that is never reached: the beliefs lie in the plane η₃ = 0, so their
        // first two principal components are an isometry of that plane, and the simplex map is one scaled by
        // 1/√2 (corners √2 apart in R³ are 1 apart in the triangle). Pairwise distances must agree up to √2.
        Ghmm mess = Catalogue.mess3(0.15, 0.6);
        double[][][] padded = new double[3][4][4];
        for (int x = 0; x < 3; x++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    padded[x][i][j] = mess.transfer(x).get(i, j);
                }
            }
            padded[x][3][3] = 1.0 / 3;
        }
        double[] initial = {mess.initial()[0], mess.initial()[1], mess.initial()[2], 0};
        MixedStatePresentation planar = MixedStatePresentation.enumerate(mess, 4, 1e-10);
        MixedStatePresentation embedded = MixedStatePresentation.enumerate(Ghmm.of(padded, initial), 4, 1e-10);
        assertEquals(planar.size(), embedded.size());
        double[][] simplex = Plots.project(planar);
        double[][] pca = Plots.project(embedded);
        for (int a = 0; a < planar.size(); a++) {
            for (int b = 0; b < a; b++) {
                double d2 = Math.hypot(simplex[0][a] - simplex[0][b], simplex[1][a] - simplex[1][b]);
                double d4 = Math.hypot(pca[0][a] - pca[0][b], pca[1][a] - pca[1][b]);
                assertEquals(Math.sqrt(2) * d2, d4, 1e-9, "beliefs " + a + ", " + b);
            }
        }
    }

    @Test
    void picturesAreWrittenAtTheirSizeAndAreNotBlank() throws IOException {
        Path geometry = tmp.resolve("mess3.png");
        Plots.writePng(Plots.beliefGeometry(MixedStatePresentation.enumerate(Catalogue.mess3(0.15, 0.6), 7, 1e-10),
                Plots.Colouring.NEXT_SYMBOL, 640, 480), geometry);
        assertPicture(geometry, 640, 480);
        Path byProbability = tmp.resolve("zz.png");
        Plots.writePng(Plots.beliefGeometry(MixedStatePresentation.enumerate(Catalogue.z1rPrimeSquared(), 12, 1e-10),
                Plots.Colouring.PROBABILITY, 300, 200), byProbability);
        assertPicture(byProbability, 300, 200);
        Path rates = tmp.resolve("h.png");
        Plots.writePng(Plots.entropyRates(InformationMeasures.compute(Catalogue.z1r(), 8), "z1r", 500, 400), rates);
        assertPicture(rates, 500, 400);
        try (var files = Files.list(tmp)) {
            assertEquals(3, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void refusesBadSizesAndEmptyRates() {
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.z1r(), 3, 1e-10);
        assertThrows(IllegalArgumentException.class, () -> Plots.beliefGeometry(msp, Plots.Colouring.NEXT_SYMBOL, 99, 400));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.entropyRates(InformationMeasures.compute(Catalogue.z1r(), 0), "z1r", 400, 400));
        assertTrue(e.getMessage().contains("≥ 1"), e.getMessage());
    }

    /** A PNG of the given size with at least three colours (background, axes, points) and no blank half. */
    static void assertPicture(Path png, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() >= 3, png + " has " + colours.size() + " colours");
    }
}
