package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class PlotsTest {
    @TempDir
    Path tmp;

    private static double[][] beliefs(MixedStatePresentation msp) {
        double[][] beliefs = new double[msp.size()][];
        for (int b = 0; b < msp.size(); b++) {
            beliefs[b] = msp.belief(b);
        }
        return beliefs;
    }

    @Test
    void simplexCornersAreTheTriangle() {
        // Z1R' reaches the three corner beliefs 100, 010, 001 (MeasuresTest): they land on (0,0), (1,0), (½, √3/2)
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.z1rPrime(), 10, 1e-10);
        Plots.Projection xy = Plots.project(beliefs(msp), true);
        Set<String> corners = new HashSet<>();
        for (int b = 0; b < msp.size(); b++) {
            double[] eta = msp.belief(b);
            for (int i = 0; i < 3; i++) {
                if (Math.abs(eta[i] - 1) < 1e-12) {
                    corners.add(String.format(Locale.ROOT, "%d %.6f %.6f", i, xy.x()[b], xy.y()[b]));
                }
            }
        }
        assertEquals(Set.of("0 0.000000 0.000000", "1 1.000000 0.000000", "2 0.500000 0.866025"), corners);
        assertEquals("Pr(state 1) + Pr(state 2)/2", xy.xAxis());
    }

    @Test
    void principalAxesOfPlanarBeliefsKeepTheirDistances() {
        // Mess3 padded with a fourth state that is never reached: the beliefs lie in the plane η₃ = 0, so their
        // first two principal axes are an isometry of that plane, and the simplex map is one scaled by
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
        Plots.Projection simplex = Plots.project(beliefs(planar), true);
        Plots.Projection pca = Plots.project(beliefs(embedded), true);
        for (int a = 0; a < planar.size(); a++) {
            for (int b = 0; b < a; b++) {
                double d2 = Math.hypot(simplex.x()[a] - simplex.x()[b], simplex.y()[a] - simplex.y()[b]);
                double d4 = Math.hypot(pca.x()[a] - pca.x()[b], pca.y()[a] - pca.y()[b]);
                assertEquals(Math.sqrt(2) * d2, d4, 1e-9, "beliefs " + a + ", " + b);
            }
        }
        // planar points: the two axes hold all the variance
        double first = Double.parseDouble(pca.xAxis().replaceAll(".*\\(([0-9.]+) %.*", "$1"));
        double second = Double.parseDouble(pca.yAxis().replaceAll(".*\\(([0-9.]+) %.*", "$1"));
        assertEquals(100, first + second, 0.11, pca.xAxis() + " / " + pca.yAxis());
        // the corners of an HMM's simplex project with the beliefs: state 0's corner (1,0,0,0) lies where the belief
        // (1,0,0) of the plane goes, at √2 times the simplex distance from every belief
        for (int b = 0; b < planar.size(); b++) {
            double d2 = Math.hypot(simplex.x()[b], simplex.y()[b]);
            double d4 = Math.hypot(pca.x()[b] - pca.corners()[0][0], pca.y()[b] - pca.corners()[1][0]);
            assertEquals(Math.sqrt(2) * d2, d4, 1e-9, "belief " + b + " to state 0");
        }
    }

    @Test
    void ghmmBeliefsAreDrawnInTheirOwnPlaneNotTheTriangle() {
        // Post Quantum is a 3-state GHMM: its predictive vectors η (η·1 = 1, entries may be negative) lie in a plane
        // of R³; drawn on its principal axes, distances are those of R³ (an isometry), not of the barycentric map
        Ghmm quantum = Catalogue.postQuantum(1, 0.5);
        double[][] eta = beliefs(MixedStatePresentation.enumerate(quantum, 5, 1e-10));
        Plots.Projection xy = Plots.project(eta, quantum.isHmm());
        assertTrue(xy.xAxis().startsWith("principal axis 1"), xy.xAxis());
        assertEquals(null, xy.corners(), "a GHMM has no simplex to mark");
        for (int a = 0; a < eta.length; a++) {
            for (int b = 0; b < a; b++) {
                double d3 = Math.sqrt(Math.pow(eta[a][0] - eta[b][0], 2) + Math.pow(eta[a][1] - eta[b][1], 2) + Math.pow(eta[a][2] - eta[b][2], 2));
                assertEquals(d3, Math.hypot(xy.x()[a] - xy.x()[b], xy.y()[a] - xy.y()[b]), 1e-9, "beliefs " + a + ", " + b);
            }
        }
    }

    @Test
    void titlesCarryTheParameters() {
        assertEquals("mess3(x=0.15, α=0.6)", Plots.title(Catalogue.mess3(0.15, 0.6).name()));
        assertEquals("mess3(x=0.05, α=0.85)", Plots.title(Catalogue.byName("mess3:x=0.05,alpha=0.85").name()));
        assertEquals("post-quantum(ln α=1, β=0.5) × z1r-prime", Plots.title("post-quantum:logAlpha=1,beta=0.5 x z1r-prime"));
        assertEquals("leaky-rrxor(pR1=0.5, pR2=0.5, ε=0.1)", Plots.title(Catalogue.byName("leaky-rrxor").name()));
    }

    @Test
    void probabilityBinsAreWholeDecades() {
        // occupations from 3e-7 to 0.5: decades 10⁻⁷ … 10⁰ (7 of them) in bins of 2 decades, 4 bins
        int[] group = new int[4];
        String[] labels = Plots.decadeBins(new double[] {3e-7, 2e-5, 0.004, 0.5}, group);
        assertArrayEquals(new String[] {"10⁻⁷ to 10⁻⁵", "10⁻⁵ to 10⁻³", "10⁻³ to 10⁻¹", "10⁻¹ to 1"}, labels);
        assertArrayEquals(new int[] {0, 1, 2, 3}, group);
        // one decade: one bin
        assertArrayEquals(new String[] {"10⁻¹ to 1"}, Plots.decadeBins(new double[] {0.2, 0.5}, new int[2]));
    }

    @Test
    void aFactoredProcessIsDrawnOneSimplexPerFactor() throws IOException {
        FactoredProcess zz = FactoredCatalogue.z1rPrimeSquared();
        MixedStatePresentation msp = MixedStatePresentation.enumerate(zz.joint(), 20, 1e-10);
        List<XYChart> charts = Plots.beliefGeometry(zz, msp, Plots.Colouring.PROBABILITY, 300, 280);
        assertEquals(2, charts.size());
        // each factor's marginals are the 7 beliefs of Z1R' alone (MeasuresTest), drawn once each
        for (int f = 0; f < 2; f++) {
            assertTrue(charts.get(f).getTitle().startsWith("factor " + f + ": z1r-prime (7 marginals of 27 beliefs"), charts.get(f).getTitle());
        }
        Path png = tmp.resolve("zz.png");
        Plots.writePng(charts, png);
        assertPicture(png, 600, 280);
    }

    @Test
    void chartsAreTiledInRowsOfAtMostThree() throws IOException {
        XYChart rates = Plots.entropyRates(InformationMeasures.compute(Catalogue.z1r(), 4), "z1r", 200, 150);
        Path four = tmp.resolve("four.png");
        Plots.writePng(List.of(rates, rates, rates, rates), four);
        assertPicture(four, 600, 300);
        assertThrows(IllegalArgumentException.class, () -> Plots.writePng(List.of(), tmp.resolve("none.png")));
        assertFalse(Files.exists(tmp.resolve("none.png")));
    }

    @Test
    void picturesAreWrittenAtTheirSizeAndAreNotBlank() throws IOException {
        Path geometry = tmp.resolve("mess3.png");
        Ghmm mess = Catalogue.mess3(0.15, 0.6);
        List<XYChart> charts = Plots.beliefGeometry(mess, MixedStatePresentation.enumerate(mess, 7, 1e-10), Plots.Colouring.NEXT_SYMBOL, 640, 480);
        assertEquals(1, charts.size());
        assertTrue(charts.get(0).getTitle().startsWith("mess3(x=0.15, α=0.6): 3280 beliefs to depth 7"), charts.get(0).getTitle());
        // the legend's first entry is its title, then one entry per symbol, drawn in the palette
        List<String> legend = List.copyOf(charts.get(0).getSeriesMap().keySet());
        assertEquals(List.of("most likely next symbol:", "0", "1", "2"), legend.subList(legend.size() - 4, legend.size()));
        assertEquals(Plots.PALETTE[1], charts.get(0).getSeriesMap().get("1").getMarkerColor());
        Plots.writePng(charts, geometry);
        assertPicture(geometry, 640, 480);
        Path rates = tmp.resolve("h.png");
        Plots.writePng(Plots.entropyRates(InformationMeasures.compute(Catalogue.z1r(), 8), "z1r", 500, 400), rates);
        assertPicture(rates, 500, 400);
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void refusesBadSizesOtherPresentationsAndEmptyRates() {
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.z1r(), 3, 1e-10);
        assertThrows(IllegalArgumentException.class, () -> Plots.beliefGeometry(Catalogue.z1r(), msp, Plots.Colouring.NEXT_SYMBOL, 99, 400));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Plots.beliefGeometry(Catalogue.mess3(0.15, 0.6), msp, Plots.Colouring.NEXT_SYMBOL, 400, 400));
        assertTrue(other.getMessage().contains("3 states and 2 symbols"), other.getMessage());
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

    /** A series per measure across the checkpoints, by label; an undefined value is a gap, a miscounted series refused. */
    @Test
    void measuresAcrossCheckpointsAreOneSeriesEach() throws IOException {
        java.util.Map<String, double[]> series = new java.util.LinkedHashMap<>();
        series.put("factor 0", new double[] {0.5, Double.NaN, 0.9});
        series.put("factor 1", new double[] {0.2, 0.4, 0.8});
        org.knowm.xchart.CategoryChart chart = Plots.acrossCheckpoints("R²", "R²", List.of("a", "b", "c"), series, 0, 1, 300, 200);
        assertEquals(List.of("factor 0", "factor 1"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(java.util.Arrays.asList(0.5, null, 0.9), new java.util.ArrayList<>(chart.getSeriesMap().get("factor 0").getYData()));
        assertEquals(List.of("a", "b", "c"), List.copyOf(chart.getSeriesMap().get("factor 1").getXData()));
        Path png = tmp.resolve("checkpoints.png");
        Plots.writePng(chart, png);
        assertEquals(300, ImageIO.read(png.toFile()).getWidth());
        series.put("joint", new double[] {1});
        assertEquals("series joint has 1 values for 3 checkpoints", assertThrows(IllegalArgumentException.class,
                () -> Plots.acrossCheckpoints("R²", "R²", List.of("a", "b", "c"), series, Double.NaN, Double.NaN, 300, 200)).getMessage());
    }

    /** Overlap curves against k = 1 … K, one per checkpoint, with the chance mean and the 5–95 % band. */
    @Test
    void overlapCurvesStandBesideTheirChanceBand() {
        java.util.Map<String, double[]> curves = new java.util.LinkedHashMap<>();
        curves.put("early", new double[] {0.1, 0.2});
        XYChart chart = Plots.overlapCurves("overlap", curves, new double[] {0.25, 0.5}, new double[] {0.01, 0.2}, new double[] {0.6, 0.8}, 300, 200);
        assertEquals(List.of("early", "chance k/d", "5–95 %", "95 %"), List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {1, 2}, chart.getSeriesMap().get("early").getXData(), 0);
        assertArrayEquals(new double[] {0.6, 0.8}, chart.getSeriesMap().get("95 %").getYData(), 0);
        assertFalse(chart.getSeriesMap().get("95 %").isShowInLegend());
    }
}
