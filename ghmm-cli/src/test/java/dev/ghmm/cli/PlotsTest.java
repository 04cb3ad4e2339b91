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
        MixedStatePresentation msp = MixedStatePresentation.enumerate(zz, 20, 1e-10);
        List<XYChart> charts = Plots.beliefGeometry(msp, Plots.Colouring.PROBABILITY, 300, 280);
        assertEquals(2, charts.size());
        // each factor's beliefs are the 7 beliefs of Z1R' alone (MeasuresTest), drawn once each
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
        List<XYChart> charts = Plots.beliefGeometry(MixedStatePresentation.enumerate(mess, 7, 1e-10), Plots.Colouring.NEXT_SYMBOL, 640, 480);
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
    void refusesBadSizesAndEmptyRates() {
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.z1r(), 3, 1e-10);
        assertEquals("picture size 99×400 is below 100×100 pixels", assertThrows(IllegalArgumentException.class,
                () -> Plots.beliefGeometry(msp, Plots.Colouring.NEXT_SYMBOL, 99, 400)).getMessage());
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
