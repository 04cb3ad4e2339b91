package dev.ghmm.cli;

import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Pictures of a process's structure, drawn with XChart and written as PNG without a display: the geometry of the
 * beliefs of a mixed-state presentation, the myopic entropy rate h(L) against L, and a probe's predicted beliefs
 * beside the true ones. The charts are returned so that a caller can restyle them before {@link #writePng}.
 */
public final class Plots {
    /** How belief points are coloured. */
    public enum Colouring {
        /** By the most likely next symbol, argmax<sub>x</sub> Pr(x | η): the regions an optimal predictor separates. */
        NEXT_SYMBOL,
        /**
         * By occupation, the mean over depths t = 0 … L of Pr(η after t symbols), in five bins of equal width in
         * log<sub>10</sub>.
         */
        PROBABILITY
    }

    private static final double SQRT3_2 = Math.sqrt(3) / 2;
    private static final Color[] SEQUENTIAL = {
        new Color(0xd9d9d9), new Color(0x9ecae1), new Color(0x4292c6), new Color(0x08519c), new Color(0x08306b)};

    private Plots() {
    }

    /**
     * The beliefs of {@code msp} as points: for 3 states on the 2-simplex (state i at a corner of the triangle,
     * x = η₁ + η₂/2, y = η₂·√3/2), for 2 states on the segment x = η₁, otherwise on the first two principal
     * components of the beliefs (an SVD of the centred beliefs, each component's sign fixed so that its largest
     * entry is positive). Predictive vectors of a GHMM with negative entries may fall outside the simplex.
     *
     * @param msp the mixed-state presentation
     * @param colouring how points are coloured
     * @param width the picture width in pixels, ≥ 100
     * @param height the picture height in pixels, ≥ 100
     * @return the chart
     */
    public static XYChart beliefGeometry(MixedStatePresentation msp, Colouring colouring, int width, int height) {
        checkSize(width, height);
        int n = msp.size();
        int states = msp.process().states();
        double[][] points = project(msp);
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(msp.process().name() + ": " + n + " beliefs to depth " + msp.depth() + (msp.isFinite() ? " (finite)" : ""))
                .xAxisTitle(states <= 3 ? "" : "principal component 1").yAxisTitle(states <= 3 ? "" : "principal component 2").build();
        XYStyler styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        styler.setMarkerSize(n > 2000 ? 2 : n > 200 ? 4 : 8);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setPlotGridLinesVisible(false);
        if (states == 3) {
            simplex(chart);
        }
        int[] group = new int[n];
        String[] labels;
        if (colouring == Colouring.NEXT_SYMBOL) {
            int symbols = msp.process().symbols();
            labels = new String[symbols];
            for (int x = 0; x < symbols; x++) {
                labels[x] = "next " + msp.process().alphabet().name(x);
            }
            for (int b = 0; b < n; b++) {
                group[b] = mostLikelySymbol(msp, b);
            }
        } else {
            labels = occupationBins(msp, group);
        }
        for (int g = 0; g < labels.length; g++) {
            double[][] xy = select(points, group, g);
            if (xy[0].length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(labels[g], xy[0], xy[1]);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (colouring == Colouring.PROBABILITY) {
                s.setMarkerColor(SEQUENTIAL[g]);
            }
        }
        return chart;
    }

    /**
     * The myopic entropy rate h(L) = H(L) − H(L−1) for L = 1 … the largest length computed, with the entropy rate
     * h<sub>μ</sub> as a horizontal line (exact when the MSP is finite, else the estimate at the largest L), in bits.
     *
     * @param measures the measures, computed to a maximum length ≥ 1
     * @param title the chart title (the process name, say)
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
        double[] rates = new double[maxLength];
        for (int length = 1; length <= maxLength; length++) {
            lengths[length - 1] = length;
            rates[length - 1] = h[length - 1];
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("L").yAxisTitle("bits per symbol").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.addSeries("h(L) = H(L) − H(L−1)", lengths, rates).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries(measures.entropyRateExact() ? "h_μ (exact, from the MSP)" : "h_μ ≈ h(" + maxLength + ")",
                new double[] {1, maxLength}, new double[] {measures.entropyRate(), measures.entropyRate()})
                .setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /**
     * The picture of Shai et al. (2024) for one belief: the true beliefs and a probe's predictions of them, side by
     * side in the same frame ({@link #project(double[][], double[][])} with the true beliefs as reference: the simplex
     * for up to 3 entries, else their first two principal components). Each point is coloured by the state most likely
     * under its true belief in both panels, so a good probe reproduces the left panel's pattern on the right.
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
        int[] group = new int[truth.length];
        for (int b = 0; b < truth.length; b++) {
            for (int i = 1; i < states; i++) {
                if (truth[b][i] > truth[b][group[b]]) {
                    group[b] = i;
                }
            }
        }
        List<XYChart> panels = new ArrayList<>();
        for (double[][] beliefs : List.of(truth, predicted)) {
            double[][] points = project(beliefs, truth);
            XYChart chart = new XYChartBuilder().width(width).height(height).title(title + (beliefs == truth ? ": true beliefs" : ": predicted"))
                    .xAxisTitle(states <= 3 ? "" : "principal component 1").yAxisTitle(states <= 3 ? "" : "principal component 2").build();
            XYStyler styler = chart.getStyler();
            styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            styler.setMarkerSize(truth.length > 2000 ? 2 : truth.length > 200 ? 4 : 8);
            styler.setChartBackgroundColor(Color.WHITE);
            styler.setLegendPosition(Styler.LegendPosition.OutsideS);
            styler.setLegendLayout(Styler.LegendLayout.Horizontal);
            styler.setPlotGridLinesVisible(false);
            if (states == 3) {
                simplex(chart);
            }
            for (int g = 0; g < states; g++) {
                double[][] xy = select(points, group, g);
                if (xy[0].length > 0) {
                    chart.addSeries("most likely state " + g, xy[0], xy[1]).setMarker(SeriesMarkers.CIRCLE);
                }
            }
            panels.add(chart);
        }
        return panels;
    }

    /**
     * Writes charts side by side as one PNG, whole or not at all (as {@link #writePng(XYChart, Path)}).
     *
     * @param charts the charts, left to right
     * @param png    the target file
     * @throws IOException if the file cannot be written
     */
    public static void writePng(List<XYChart> charts, Path png) throws IOException {
        List<BufferedImage> images = charts.stream().map(BitmapEncoder::getBufferedImage).toList();
        BufferedImage all = new BufferedImage(images.stream().mapToInt(BufferedImage::getWidth).sum(),
                images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        int x = 0;
        for (BufferedImage image : images) {
            g.drawImage(image, x, 0, null);
            x += image.getWidth();
        }
        g.dispose();
        OutputFiles.writeFile(png, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                ImageIO.write(all, "png", os);
            }
        });
    }

    /**
     * Writes a chart as PNG: first to {@code .NAME.partial} beside {@code png}, then renamed, so that an interrupted
     * write never leaves a file that looks complete.
     *
     * @param chart the chart
     * @param png the target file
     * @throws IOException if the file cannot be written
     */
    public static void writePng(XYChart chart, Path png) throws IOException {
        OutputFiles.writeFile(png, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }

    /** The 2-D coordinates [x, y][belief] of every belief, as in {@link #beliefGeometry}. */
    static double[][] project(MixedStatePresentation msp) {
        double[][] beliefs = new double[msp.size()][];
        for (int b = 0; b < beliefs.length; b++) {
            beliefs[b] = msp.belief(b);
        }
        return project(beliefs, beliefs);
    }

    /**
     * The 2-D coordinates [x, y][row] of vectors of n entries in the frame of {@code reference}: for n ≤ 3 the
     * simplex map of {@link #beliefGeometry} (reference unused), otherwise the first two principal components of the
     * reference vectors, centred on their mean.
     */
    static double[][] project(double[][] beliefs, double[][] reference) {
        int n = beliefs.length;
        int states = reference.length == 0 ? 0 : reference[0].length;
        double[][] xy = new double[2][n];
        if (states <= 3) {
            for (int b = 0; b < n; b++) {
                double[] eta = beliefs[b];
                xy[0][b] = states == 1 ? 0 : eta[1] + (states == 3 ? eta[2] / 2 : 0);
                xy[1][b] = states == 3 ? eta[2] * SQRT3_2 : 0;
            }
            return xy;
        }
        int m = reference.length;
        DMatrixRMaj centred = new DMatrixRMaj(m, states);
        double[] mean = new double[states];
        for (double[] eta : reference) {
            for (int i = 0; i < states; i++) {
                mean[i] += eta[i] / m;
            }
        }
        for (int b = 0; b < m; b++) {
            for (int i = 0; i < states; i++) {
                centred.set(b, i, reference[b][i] - mean[i]);
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, states, false, true, true);
        if (!svd.decompose(centred)) {
            throw new IllegalStateException("the SVD of the " + m + "×" + states + " belief matrix did not converge");
        }
        DMatrixRMaj v = svd.getV(null, false);
        double[] singular = svd.getSingularValues();
        int[] order = largestTwo(singular);
        for (int k = 0; k < 2; k++) {
            int c = order[k];
            if (c < 0) {
                continue; // fewer than two components: the points lie on a line or a point
            }
            int largest = 0;
            for (int i = 1; i < states; i++) {
                if (Math.abs(v.get(i, c)) > Math.abs(v.get(largest, c))) {
                    largest = i;
                }
            }
            double sign = Math.signum(v.get(largest, c)) < 0 ? -1 : 1;
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < states; i++) {
                    dot += (beliefs[b][i] - mean[i]) * v.get(i, c);
                }
                xy[k][b] = sign * dot;
            }
        }
        return xy;
    }

    /** The indices of the two largest singular values (−1 where there are fewer than two). */
    private static int[] largestTwo(double[] singular) {
        int[] order = {-1, -1};
        for (int c = 0; c < singular.length; c++) {
            if (order[0] < 0 || singular[c] > singular[order[0]]) {
                order[1] = order[0];
                order[0] = c;
            } else if (order[1] < 0 || singular[c] > singular[order[1]]) {
                order[1] = c;
            }
        }
        return order;
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
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setXAxisMin(-0.1).setXAxisMax(1.1).setYAxisMin(-0.1).setYAxisMax(SQRT3_2 + 0.1);
    }

    private static int mostLikelySymbol(MixedStatePresentation msp, int b) {
        int best = 0;
        for (int x = 1; x < msp.process().symbols(); x++) {
            if (msp.symbolProbability(b, x) > msp.symbolProbability(b, best)) {
                best = x;
            }
        }
        return best;
    }

    /** Fills {@code group} with the log-occupation bin of every belief and returns the bins' labels. */
    private static String[] occupationBins(MixedStatePresentation msp, int[] group) {
        int n = msp.size();
        double[] occupation = new double[n];
        for (int t = 0; t <= msp.depth(); t++) {
            double[] layer = msp.distribution(t);
            for (int b = 0; b < layer.length; b++) {
                occupation[b] += layer[b] / (msp.depth() + 1);
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double p : occupation) {
            if (p > 0) {
                lo = Math.min(lo, Math.log10(p));
                hi = Math.max(hi, Math.log10(p));
            }
        }
        int bins = SEQUENTIAL.length;
        double width = Math.max(hi - lo, 1e-9) / bins;
        for (int b = 0; b < n; b++) {
            group[b] = occupation[b] > 0 ? Math.min(bins - 1, (int) ((Math.log10(occupation[b]) - lo) / width)) : 0;
        }
        String[] labels = new String[bins];
        for (int g = 0; g < bins; g++) {
            labels[g] = String.format(Locale.ROOT, "1e%.1f to 1e%.1f", lo + g * width, lo + (g + 1) * width);
        }
        return labels;
    }

    private static double[][] select(double[][] points, int[] group, int g) {
        List<Integer> members = new ArrayList<>();
        for (int b = 0; b < group.length; b++) {
            if (group[b] == g) {
                members.add(b);
            }
        }
        double[][] xy = new double[2][members.size()];
        for (int k = 0; k < members.size(); k++) {
            xy[0][k] = points[0][members.get(k)];
            xy[1][k] = points[1][members.get(k)];
        }
        return xy;
    }

    private static void checkSize(int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("picture size " + width + "×" + height + " is below 100×100 pixels");
        }
    }
}
