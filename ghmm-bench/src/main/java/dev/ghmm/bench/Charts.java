package dev.ghmm.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG charts of the performance report: time per application against S and against F, log scales. */
final class Charts {
    private Charts() {
    }

    /** ns per x·M against S for ghmm dense and sparse, EJML, and numpy batched. */
    static void scalingWithStates(List<Report.Result> results, List<Report.Peer> peers, Path png) throws IOException {
        double[] states = {3, 9, 27, 81, 243, 729};
        XYChart chart = chart("Belief update x·M against S (lower is better)", "S (states)", "ns per vector", true);
        series(chart, "ghmm dense", states, s -> score(results, "OperatorBench.dense", Map.of("density", "1.0", "states", s), 1));
        series(chart, "ghmm sparse, 5% non-zeros", states, s -> score(results, "OperatorBench.sparse", Map.of("density", "0.05", "states", s), 1));
        series(chart, "ghmm dense, 256 rows per call", states,
                s -> score(results, "OperatorBench.denseBatch", Map.of("density", "1.0", "states", s), OperatorBench.BATCH));
        series(chart, "EJML CommonOps_DDRM.mult", states, s -> score(results, "EjmlBench.dense", Map.of("states", s), 1));
        series(chart, "numpy X @ M, 1024 rows", states, s -> peer(peers, "dense", Map.of("states", s), "batched"));
        write(chart, png);
    }

    /** ns per x·(M ⊗ … ⊗ M) against F for Mess3 factors: structured, materialised, optimised, numpy. */
    static void scalingWithFactors(List<Report.Result> results, List<Report.Peer> peers, Path png) throws IOException {
        double[] factors = {2, 4, 6, 8};
        XYChart chart = chart("Kronecker power of Mess3's net operator, x·M against F (S = 3^F, lower is better)", "F (factors)",
                "ns per vector", false);
        for (String[] b : new String[][] {{"ghmm structured", "OperatorBench.kronStructured"}, {"ghmm optimised", "OperatorBench.kronOptimised"},
            {"ghmm materialised dense", "OperatorBench.kronMaterialisedDense"}, {"ghmm materialised sparse", "OperatorBench.kronMaterialisedSparse"},
            {"EJML materialised dense", "EjmlBench.kronDense"}}) {
            series(chart, b[0], factors, f -> score(results, b[1], Map.of("factor", "mess3", "factors", f), 1));
        }
        series(chart, "numpy tensordot per mode, 64 vectors", factors, f -> peer(peers, "kron", Map.of("factor", "mess3", "factors", f), "batched"));
        write(chart, png);
    }

    private static XYChart chart(String title, String x, String y, boolean logX) {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setXAxisLogarithmic(logX).setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    /** Adds the points where {@code value} is known (not NaN); a series with no point is left out. */
    private static void series(XYChart chart, String name, double[] xs, Function<String, Double> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (double v : xs) {
            double s = value.apply(String.valueOf((int) v));
            if (!Double.isNaN(s)) {
                x.add(v);
                y.add(s);
            }
        }
        if (!x.isEmpty()) {
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
    }

    private static double score(List<Report.Result> results, String benchmark, Map<String, String> params, double per) {
        Report.Result r = Report.find(results, benchmark, params);
        return r == null ? Double.NaN : r.score() / per;
    }

    private static double peer(List<Report.Peer> peers, String workload, Map<String, String> params, String variant) {
        for (Report.Peer p : peers) {
            if (p.workload().equals(workload) && p.variant().equals(variant) && p.params().equals(params)) {
                return p.ns();
            }
        }
        return Double.NaN;
    }

    private static void write(XYChart chart, Path png) throws IOException {
        try (OutputStream os = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
