package dev.ghmm.bench;

import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The mixed-state presentation and block entropies (issue #5): MSP enumeration, H(0 … L) from the MSP, and H(L) by
 * plain word enumeration (every word of length L scored alone) where |X|<sup>L</sup> is small enough. The allocation
 * per operation ({@code -prof gc}) is the memory the computation needs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MeasureBench {
    /** Instantiated by JMH. */
    public MeasureBench() {
    }

    /** A process and a length, as {@code name:L}. */
    @State(Scope.Benchmark)
    public static class Case {
        /** The catalogue process and the depth or word length. */
        @Param({"mess3:10", "mess3:12", "z1r-x-z1r:10", "z1r-x-z1r:16"})
        public String spec;

        Ghmm g;
        int length;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            g = Catalogue.byName(spec.substring(0, spec.indexOf(':')));
            length = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
        }
    }

    /** The cases where word enumeration is feasible (|X|<sup>L</sup> ≤ 10⁶). */
    @State(Scope.Benchmark)
    public static class WordCase {
        /** The catalogue process and the word length. */
        @Param({"mess3:10", "mess3:12", "z1r-x-z1r:10"})
        public String spec;

        Case c = new Case();

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            c.spec = spec;
            c.setUp();
        }
    }

    /**
     * The MSP to depth L (Mess3: no two beliefs merge, (3<sup>L+1</sup> − 1)/2 of them).
     *
     * @param c the case
     * @return the number of distinct beliefs
     */
    @Benchmark
    public int msp(Case c) {
        return MixedStatePresentation.enumerate(c.g, c.length, InformationMeasures.TOLERANCE).size();
    }

    /**
     * H(0), …, H(L) and every other measure, from the MSP.
     *
     * @param c the case
     * @return H(L)
     */
    @Benchmark
    public double blockEntropyMsp(Case c) {
        return InformationMeasures.compute(c.g, c.length).blockEntropy()[c.length];
    }

    /**
     * H(L) alone by word enumeration.
     *
     * @param w the case
     * @return H(L)
     */
    @Benchmark
    public double blockEntropyWords(WordCase w) {
        return InformationMeasures.blockEntropyByEnumeration(w.c.g, w.c.length);
    }
}
