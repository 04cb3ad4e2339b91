package dev.ghmm.bench;

import dev.ghmm.Entropy;
import dev.ghmm.Seeds;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.util.FastMath;
import org.apache.commons.rng.UniformRandomProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The entropy terms −p ln p of a loss floor (issue #29): the 48 probabilities of 16 random distributions over 3
 * symbols, the size of the five-factor chain's tabulated predictions, each term written to its own entry so the
 * logarithms are independent (throughput, not the latency of one sum). Divide by 48 for the cost of one term by
 * {@link Math#log}, {@link StrictMath#log}, Commons Math's {@link FastMath#log} and {@link Entropy#term}; and the 16
 * entropies of 3 entries by {@link Entropy#of(double[], int, int)}, as the chain rule takes them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LogBench {
    /** Instantiated by JMH. */
    public LogBench() {
    }

    /** The probabilities and the terms' array. */
    @State(Scope.Thread)
    public static class Rows {
        /** Distributions. */
        static final int ROWS = 16;
        /** Symbols per distribution. */
        static final int SYMBOLS = 3;

        double[] p;
        double[] terms;

        /** Builds the inputs: each row uniform weights normalised. */
        @Setup
        public void setUp() {
            UniformRandomProvider rng = Seeds.sequence(29, 0);
            p = new double[ROWS * SYMBOLS];
            terms = new double[ROWS * SYMBOLS];
            for (int r = 0; r < ROWS; r++) {
                double total = 0.0;
                for (int x = 0; x < SYMBOLS; x++) {
                    p[r * SYMBOLS + x] = rng.nextDouble();
                    total += p[r * SYMBOLS + x];
                }
                for (int x = 0; x < SYMBOLS; x++) {
                    p[r * SYMBOLS + x] /= total;
                }
            }
        }
    }

    /**
     * −p ln p by {@link Math#log} (the JIT's intrinsic).
     *
     * @param r the inputs
     * @return the terms
     */
    @Benchmark
    public double[] mathLog(Rows r) {
        double[] p = r.p;
        double[] t = r.terms;
        for (int i = 0; i < p.length; i++) {
            t[i] = -p[i] * Math.log(p[i]);
        }
        return t;
    }

    /**
     * −p ln p by {@link StrictMath#log} (fdlibm).
     *
     * @param r the inputs
     * @return the terms
     */
    @Benchmark
    public double[] strictMathLog(Rows r) {
        double[] p = r.p;
        double[] t = r.terms;
        for (int i = 0; i < p.length; i++) {
            t[i] = -p[i] * StrictMath.log(p[i]);
        }
        return t;
    }

    /**
     * −p ln p by Commons Math's {@link FastMath#log}.
     *
     * @param r the inputs
     * @return the terms
     */
    @Benchmark
    public double[] fastMathLog(Rows r) {
        double[] p = r.p;
        double[] t = r.terms;
        for (int i = 0; i < p.length; i++) {
            t[i] = -p[i] * FastMath.log(p[i]);
        }
        return t;
    }

    /**
     * −p ln p by {@link Entropy#term}, ghmm's own logarithm.
     *
     * @param r the inputs
     * @return the terms
     */
    @Benchmark
    public double[] entropyTerm(Rows r) {
        double[] p = r.p;
        double[] t = r.terms;
        for (int i = 0; i < p.length; i++) {
            t[i] = Entropy.term(p[i]);
        }
        return t;
    }

    /**
     * The 16 entropies of 3 entries by {@link Entropy#of(double[], int, int)}: per distribution, as the chain rule
     * takes them (divide by 48 for a term).
     *
     * @param r the inputs
     * @return the entropies at the first 16 entries
     */
    @Benchmark
    public double[] entropyOfRows(Rows r) {
        double[] p = r.p;
        double[] t = r.terms;
        for (int row = 0; row < Rows.ROWS; row++) {
            t[row] = Entropy.of(p, row * Rows.SYMBOLS, Rows.SYMBOLS);
        }
        return t;
    }
}
