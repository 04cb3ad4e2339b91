package dev.ghmm.cli;

import dev.ghmm.Vectors;
import dev.ghmm.factored.geometry.BeliefPoints;
import dev.ghmm.factored.geometry.Projection;
import dev.ghmm.factored.geometry.Titles;
import dev.ghmm.io.output.OutputFiles;
import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Pictures of a process's structure, drawn with XChart and written as PNG without a display: the geometry of the
 * beliefs of a mixed-state presentation, and the myopic entropy rate h(L) against L. What is drawn, where and under
 * which title is computed without a display in ghmm-factored ({@link BeliefPoints}, {@link Projection},
 * {@link Titles}); this class draws it. Every picture uses one palette ({@link #PALETTE} for categories, a ramp of its
 * blue for probabilities). The charts are returned so that a caller can restyle them before {@link #writePng}.
 */
public final class Plots {
    /** How belief points are coloured. */
    public enum Colouring {
        /** By the most likely next symbol, argmax<sub>x</sub> Pr(x | η): the regions an optimal predictor separates. */
        NEXT_SYMBOL,
        /**
         * By occupation, the mean over depths t = 0 … L of P<sub>t</sub>(η), in at most five bins of whole decades of
         * log<sub>10</sub>.
         */
        PROBABILITY
    }

    /** The categorical palette of every picture: Okabe and Ito's eight colours, distinguishable with colour blindness. */
    static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000)};
    /** Probability bins, light to dark, ending in the palette's blue. */
    private static final Color[] SEQUENTIAL = {new Color(0xC6DBEF), new Color(0x9ECAE1), new Color(0x6BAED6), new Color(0x2171B5),
        new Color(0x08306B)};
    private static final Color INVISIBLE = new Color(0, 0, 0, 0);
    private static final double SQRT3_2 = Math.sqrt(3) / 2;

    private Plots() {
    }

    /**
     * The beliefs of a presentation as points ({@link BeliefPoints}): one chart for a process, one per factor for a
     * factored process (its factor beliefs, each distinct one drawn once), placed by {@link Projection}: an HMM of at
     * most 3 states on its simplex, a larger HMM and every GHMM on the first two principal axes of the reachable beliefs
     * at equal scale, an HMM of at most 12 states with the projections of its simplex's corners marked.
     *
     * @param msp the mixed-state presentation
     * @param colouring how points are coloured
     * @param width the width of each chart in pixels, ≥ 100
     * @param height the height of each chart in pixels, ≥ 100
     * @throws IllegalArgumentException on a picture smaller than 100×100
     * @return the charts, one per factor of a factored process
     */
    public static List<XYChart> beliefGeometry(MixedStatePresentation msp, Colouring colouring, int width, int height) {
        checkSize(width, height);
        return BeliefPoints.of(msp).stream().map(points -> chart(points, colouring, msp.depth(), width, height)).toList();
    }

    /**
     * The myopic entropy rate h(L) = H(L) − H(L−1) for L = 1 … the largest length computed, with the entropy rate
     * h<sub>μ</sub> as a horizontal line (exact when the MSP is finite, else the estimate at the largest L), in bits.
     *
     * @param measures the measures, computed to a maximum length ≥ 1
     * @param title the chart title ({@link Titles#of} of the process, say)
     * @param width the picture width in pixels, ≥ 100
     * @param height the picture height in pixels, ≥ 100
     * @throws IllegalArgumentException if the measures stop at L = 0
     * @return the chart
     */
    public static XYChart entropyRates(InformationMeasures measures, String title, int width, int height) {
        checkSize(width, height);
        double[] h = measures.myopicEntropyRate();
        int maxLength = h.length;
        if (maxLength < 1) {
            throw new IllegalArgumentException("h(L) needs a maximum length ≥ 1, got " + maxLength);
        }
        double[] lengths = new double[maxLength];
        for (int length = 1; length <= maxLength; length++) {
            lengths[length - 1] = length;
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("block length L (symbols)").yAxisTitle("h(L), bits per symbol").build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.addSeries("h(L) = H(L) − H(L−1)", lengths, h).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries(measures.entropyRateExact() ? "h_μ (exact, from the MSP)" : "h_μ ≈ h(" + maxLength + ")",
                new double[] {1, maxLength}, new double[] {measures.entropyRate(), measures.entropyRate()})
                .setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /**
     * The picture of Shai et al. (2024) for one belief: the true beliefs and a probe's predictions of them, side by
     * side in the same frame ({@link Projection#of(double[][], double[][], boolean)} with the true beliefs as reference: the
     * simplex for beliefs of up to 3 non-negative entries, else the true beliefs' first two principal axes). Each
     * point is coloured by the state most likely under its true belief in both panels, so a good probe reproduces the
     * left panel's pattern on the right.
     *
     * @param title     what is probed (the factor, say)
     * @param truth     the true beliefs, rows of equal length
     * @param predicted the predictions, one per true belief
     * @param width     each panel's width in pixels, ≥ 100
     * @param height    each panel's height in pixels, ≥ 100
     * @return the two panels, true then predicted
     * @throws IllegalArgumentException if the row counts differ or there are none
     */
    public static List<XYChart> probedBeliefs(String title, double[][] truth, double[][] predicted, int width, int height) {
        checkSize(width, height);
        if (truth.length == 0 || truth.length != predicted.length) {
            throw new IllegalArgumentException("probedBeliefs: " + truth.length + " true beliefs and " + predicted.length + " predictions");
        }
        int states = truth[0].length;
        boolean simplex = states <= 3 && Arrays.stream(truth).allMatch(Vectors::isNonNegative);
        int[] group = new int[truth.length];
        for (int b = 0; b < truth.length; b++) {
            group[b] = Vectors.argmax(truth[b]);
        }
        List<XYChart> panels = new ArrayList<>();
        for (double[][] beliefs : List.of(truth, predicted)) {
            Projection xy = Projection.of(beliefs, truth, simplex);
            XYChart chart = new XYChartBuilder().width(width).height(height).title(title + (beliefs == truth ? ": true beliefs" : ": predicted"))
                    .xAxisTitle(xy.xAxis()).yAxisTitle(xy.yAxis()).build();
            style(chart);
            XYStyler styler = chart.getStyler();
            styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            styler.setMarkerSize(truth.length > 2000 ? 2 : truth.length > 200 ? 4 : 8);
            styler.setLegendPosition(Styler.LegendPosition.OutsideS);
            styler.setLegendLayout(Styler.LegendLayout.Horizontal);
            if (simplex && states == 3) {
                simplex(chart);
            }
            for (int g = 0; g < states; g++) {
                double[][] members = select(xy, group, g);
                if (members[0].length > 0) {
                    XYSeries series = chart.addSeries("most likely state " + g, members[0], members[1]);
                    series.setMarker(SeriesMarkers.CIRCLE);
                    series.setMarkerColor(PALETTE[g % PALETTE.length]);
                }
            }
            panels.add(chart);
        }
        return panels;
    }

    /**
     * Measures across checkpoints: one line per series, the checkpoints along the x axis by their labels. Undefined
     * values (NaN) leave a gap.
     *
     * @param title the chart title
     * @param yAxis the y axis title
     * @param checkpoints the labels, in order
     * @param series per series name its value at each checkpoint
     * @param yMin the lower end of the y axis, or NaN to fit the data
     * @param yMax the upper end of the y axis, or NaN to fit the data
     * @param width the picture width in pixels, ≥ 100
     * @param height the picture height in pixels, ≥ 100
     * @return the chart
     * @throws IllegalArgumentException if a series' length differs from the checkpoints'
     */
    public static CategoryChart acrossCheckpoints(String title, String yAxis, List<String> checkpoints, Map<String, double[]> series, double yMin,
                                                  double yMax, int width, int height) {
        checkSize(width, height);
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle("checkpoint").yAxisTitle(yAxis).build();
        CategoryStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(false);
        styler.setSeriesColors(PALETTE);
        styler.setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setYAxisDecimalPattern("0.###");
        styler.setOverlapped(true);
        if (!Double.isNaN(yMin)) {
            styler.setYAxisMin(yMin);
        }
        if (!Double.isNaN(yMax)) {
            styler.setYAxisMax(yMax);
        }
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] v = e.getValue();
            if (v.length != checkpoints.size()) {
                throw new IllegalArgumentException("series " + e.getKey() + " has " + v.length + " values for " + checkpoints.size() + " checkpoints");
            }
            List<Double> ys = new ArrayList<>();
            for (double y : v) {
                ys.add(Double.isFinite(y) ? y : null);
            }
            chart.addSeries(e.getKey(), checkpoints, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * Overlap curves O(k), k = 1 … K, one per checkpoint, beside the chance band of random subspaces: its mean k/d and
     * its 5th and 95th percentiles as dashed grey lines.
     *
     * @param title the chart title
     * @param curves per checkpoint label its curve (NaN leaves a gap)
     * @param mean the chance mean, k = 1 … K
     * @param p5 its 5th percentiles
     * @param p95 its 95th percentiles
     * @param width the picture width in pixels, ≥ 100
     * @param height the picture height in pixels, ≥ 100
     * @return the chart
     */
    public static XYChart overlapCurves(String title, Map<String, double[]> curves, double[] mean, double[] p5, double[] p95, int width, int height) {
        checkSize(width, height);
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("k (leading directions)").yAxisTitle("O(k)").build();
        style(chart);
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setXAxisDecimalPattern("0");
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        for (Map.Entry<String, double[]> e : curves.entrySet()) {
            List<Double> ks = new ArrayList<>();
            List<Double> os = new ArrayList<>();
            for (int k = 0; k < e.getValue().length; k++) {
                if (Double.isFinite(e.getValue()[k])) {
                    ks.add(k + 1.0);
                    os.add(e.getValue()[k]);
                }
            }
            if (!ks.isEmpty()) {
                chart.addSeries(e.getKey(), ks, os).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        String[] names = {"chance k/d", "5–95 %", "95 %"};
        double[][] band = {mean, p5, p95};
        for (int b = 0; b < 3; b++) {
            double[] k = new double[band[b].length];
            Arrays.setAll(k, i -> i + 1.0);
            XYSeries s = chart.addSeries(names[b], k, band[b]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Color.GRAY);
            s.setLineStyle(b == 0 ? SeriesLines.DASH_DASH : SeriesLines.DOT_DOT);
            s.setShowInLegend(b < 2);
        }
        return chart;
    }

    /**
     * Writes a chart as PNG (see {@link #writePng(List, Path)}).
     *
     * @param chart the chart
     * @param png the target file
     * @throws IOException if the file cannot be written
     */
    public static void writePng(Chart<?, ?> chart, Path png) throws IOException {
        writePng(List.of(chart), png);
    }

    /**
     * Writes charts as one PNG, in rows of at most three, left to right, whole or not at all (through
     * {@link OutputFiles#writeFile}, replacing {@code png} if it exists).
     *
     * @param charts the charts, at least one
     * @param png the target file
     * @throws IllegalArgumentException if there is no chart
     * @throws IOException if the file cannot be written
     */
    public static void writePng(List<? extends Chart<?, ?>> charts, Path png) throws IOException {
        writePng(charts, png, Math.min(charts.size(), 3));
    }

    /**
     * Writes charts as one PNG, in rows of {@code columns}, left to right, whole or not at all, as
     * {@link #writePng(List, Path)}.
     *
     * @param charts the charts, at least one
     * @param png the target file
     * @param columns the charts per row, at least 1
     * @throws IllegalArgumentException if there is no chart or columns &lt; 1
     * @throws IOException if the file cannot be written
     */
    public static void writePng(List<? extends Chart<?, ?>> charts, Path png, int columns) throws IOException {
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("no chart to write into " + png);
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns = " + columns + " must be at least 1");
        }
        int rows = (charts.size() + columns - 1) / columns;
        int cellWidth = 0;
        int cellHeight = 0;
        List<BufferedImage> images = new ArrayList<>();
        for (Chart<?, ?> chart : charts) {
            BufferedImage image = BitmapEncoder.getBufferedImage(chart);
            images.add(image);
            cellWidth = Math.max(cellWidth, image.getWidth());
            cellHeight = Math.max(cellHeight, image.getHeight());
        }
        BufferedImage grid = new BufferedImage(columns * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int k = 0; k < images.size(); k++) {
            g.drawImage(images.get(k), (k % columns) * cellWidth, (k / columns) * cellHeight, null);
        }
        g.dispose();
        // through a stream of our own that follows no link: given a File, ImageIO prints the stack trace of a file it
        // cannot open
        OutputFiles.writeFile("--plot", png, true, tmp -> Output.naming(png, () -> {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS); ImageOutputStream image = new MemoryCacheImageOutputStream(out)) {
                if (!ImageIO.write(grid, "png", image)) {
                    throw new IOException("no PNG writer in this Java runtime");
                }
            }
        }));
    }

    /** One chart of points: the geometry of {@link Projection}, then one series per colour, a legend with a title. */
    private static XYChart chart(BeliefPoints points, Colouring colouring, int depth, int width, int height) {
        int n = points.beliefs().length;
        boolean hmm = points.hmm();
        Projection xy = Projection.of(points.beliefs(), hmm);
        XYChart chart = new XYChartBuilder().width(width).height(height).title(points.title()).xAxisTitle(xy.xAxis()).yAxisTitle(xy.yAxis()).build();
        style(chart);
        XYStyler styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        styler.setMarkerSize(n > 2000 ? 2 : n > 200 ? 4 : 8);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        int d = n == 0 ? 0 : points.beliefs()[0].length;
        if (hmm && d == 3) {
            simplex(chart);
        } else {
            if (xy.corners() != null) {
                corners(chart, xy.corners());
            }
            equalScales(chart, xy);
        }
        int[] group;
        String[] labels;
        Color[] colours;
        String legend;
        if (colouring == Colouring.NEXT_SYMBOL) {
            group = points.likeliest();
            labels = points.symbols();
            colours = new Color[labels.length];
            for (int x = 0; x < labels.length; x++) {
                colours[x] = PALETTE[x % PALETTE.length];
            }
            legend = "most likely next symbol:";
        } else {
            group = new int[n];
            labels = decadeBins(points.occupation(), group);
            colours = new Color[labels.length];
            for (int k = 0; k < labels.length; k++) {
                colours[k] = SEQUENTIAL[SEQUENTIAL.length - labels.length + k];
            }
            legend = "mean Pr over depths 0…" + depth + ":";
        }
        // the legend's title: a series whose marker cannot be seen, at a point already drawn
        XYSeries heading = chart.addSeries(legend, new double[] {xy.x()[0]}, new double[] {xy.y()[0]});
        heading.setMarker(SeriesMarkers.CIRCLE);
        heading.setMarkerColor(INVISIBLE);
        for (int k = 0; k < labels.length; k++) {
            double[][] members = select(xy, group, k);
            if (members[0].length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(labels[k], members[0], members[1]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colours[k]);
        }
        return chart;
    }

    /** What every chart shares: a white background, no grid, the palette. */
    private static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setSeriesColors(PALETTE);
    }

    private static void simplex(XYChart chart) {
        XYSeries edges = chart.addSeries("simplex", new double[] {0, 1, 0.5, 0}, new double[] {0, 0, SQRT3_2, 0});
        edges.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        edges.setMarker(SeriesMarkers.NONE);
        edges.setLineColor(Color.GRAY);
        edges.setShowInLegend(false);
        chart.addAnnotation(new AnnotationText("state 0", -0.04, -0.04, false));
        chart.addAnnotation(new AnnotationText("state 1", 1.04, -0.04, false));
        chart.addAnnotation(new AnnotationText("state 2", 0.5, SQRT3_2 + 0.04, false));
        chart.getStyler().setXAxisMin(-0.1).setXAxisMax(1.1).setYAxisMin(-0.1).setYAxisMax(SQRT3_2 + 0.1);
    }

    /**
     * Both axes span the same length, centred on the points (and corners), so that a square plot keeps distances: the
     * principal axes are an isometry of the beliefs' affine span.
     */
    private static void equalScales(XYChart chart, Projection xy) {
        double[][] ranges = new double[2][];
        double span = 0;
        for (int k = 0; k < 2; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : k == 0 ? xy.x() : xy.y()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (xy.corners() != null) {
                for (double v : xy.corners()[k]) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            ranges[k] = new double[] {lo, hi};
            span = Math.max(span, hi - lo);
        }
        double half = (span > 0 ? span : 1) * 0.55;
        double cx = (ranges[0][0] + ranges[0][1]) / 2;
        double cy = (ranges[1][0] + ranges[1][1]) / 2;
        chart.getStyler().setXAxisMin(cx - half).setXAxisMax(cx + half).setYAxisMin(cy - half).setYAxisMax(cy + half);
    }

    /** The simplex's corners on the principal axes, grey and labelled with their state. */
    private static void corners(XYChart chart, double[][] corners) {
        XYSeries marks = chart.addSeries("corners (one state certain)", corners[0], corners[1]);
        marks.setMarker(SeriesMarkers.DIAMOND);
        marks.setMarkerColor(Color.GRAY);
        for (int i = 0; i < corners[0].length; i++) {
            chart.addAnnotation(new AnnotationText("state " + i, corners[0][i], corners[1][i], false));
        }
    }

    /**
     * Fills {@code group} with the bin of every occupation and returns the bins' labels: at most five bins of whole
     * decades from the smallest positive occupation's decade to the largest's, the last one closed.
     */
    static String[] decadeBins(double[] occupation, int[] group) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double p : occupation) {
            if (p > 0) {
                lo = Math.min(lo, Math.log10(p));
                hi = Math.max(hi, Math.log10(p));
            }
        }
        int first = (int) Math.floor(lo);
        int last = Math.max(first + 1, (int) Math.ceil(hi));
        int width = (last - first + SEQUENTIAL.length - 1) / SEQUENTIAL.length;
        int bins = (last - first + width - 1) / width;
        for (int b = 0; b < occupation.length; b++) {
            group[b] = occupation[b] > 0 ? Math.min(bins - 1, (int) ((Math.log10(occupation[b]) - first) / width)) : 0;
        }
        String[] labels = new String[bins];
        for (int k = 0; k < bins; k++) {
            labels[k] = decade(first + k * width) + " to " + decade(Math.min(last, first + (k + 1) * width));
        }
        return labels;
    }

    /** 10<sup>e</sup> with a superscript exponent, 1 for e = 0. */
    private static String decade(int e) {
        if (e == 0) {
            return "1";
        }
        StringBuilder s = new StringBuilder("10");
        for (char c : Integer.toString(e).toCharArray()) {
            s.append(c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(c - '0'));
        }
        return s.toString();
    }

    private static double[][] select(Projection xy, int[] group, int g) {
        int count = 0;
        for (int k : group) {
            count += k == g ? 1 : 0;
        }
        double[][] members = new double[2][count];
        double[] x = xy.x();
        double[] y = xy.y();
        for (int b = 0, m = 0; b < group.length; b++) {
            if (group[b] == g) {
                members[0][m] = x[b];
                members[1][m++] = y[b];
            }
        }
        return members;
    }

    private static void checkSize(int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("picture size " + width + "×" + height + " is below 100×100 pixels");
        }
    }
}
