package dev.ghmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The logarithm of {@link Entropy} against {@link StrictMath#log} (fdlibm, under 1 ulp), and the entropy terms. */
class EntropyProperties {
    /** 5·10⁻¹⁶ relative: about 2 ulp of the result. */
    private static final double RELATIVE = 5e-16;

    private static void assertLn(double p) {
        double expected = StrictMath.log(p);
        assertEquals(expected, Entropy.ln(p), RELATIVE * Math.abs(expected), () -> "ln " + p);
    }

    @Provide
    Arbitrary<Double> positiveDoubles() {
        // every positive finite double is a bit pattern in (0, 0x7ff0…): normal and subnormal alike
        return Arbitraries.longs().between(1, 0x7fefffffffffffffL).map(Double::longBitsToDouble);
    }

    @Property(tries = 20000)
    void theLogarithmOfAnyPositiveDoubleIsWithinTwoUlp(@ForAll("positiveDoubles") double p) {
        assertLn(p);
    }

    @Property(tries = 20000)
    void probabilitiesToo(@ForAll("probabilities") double p) {
        assertLn(p);
    }

    /** Uniform in (0, 1], and exp(−u) for u up to 745 (down to the subnormals). */
    @Provide
    Arbitrary<Double> probabilities() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 1L << 53).map(k -> k * 0x1p-53),
                Arbitraries.doubles().between(0, 745).ofScale(12).map(u -> Math.exp(-u)).filter(p -> p > 0));
    }

    @Property(tries = 20000)
    void nearOneTheErrorIsRelativeToTheSmallLogarithm(@ForAll("nearOne") double p) {
        assertLn(p);
    }

    /** 1 + d with |d| up to 2⁻⁷ (the two sub-intervals centred on 1 and their neighbours), and a few ulp from 1. */
    @Provide
    Arbitrary<Double> nearOne() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-(1L << 46), 1L << 46).map(k -> 1 + k * 0x1p-53),
                Arbitraries.integers().between(-64, 64).map(k -> 1 + k * 0x1p-53));
    }

    @Example
    void edgesAreExact() {
        assertEquals(0.0, Entropy.ln(1.0));
        assertEquals(Math.log(Double.MIN_VALUE), Entropy.ln(Double.MIN_VALUE));
        assertEquals(Double.POSITIVE_INFINITY, Entropy.ln(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(Entropy.ln(Double.NaN)));
        for (int k = -1074; k <= 1023; k++) {
            assertLn(Math.scalb(1.0, k));
        }
        assertLn(Double.MIN_NORMAL);
        assertLn(Double.MAX_VALUE);
        assertLn(Math.nextDown(1.0));
        assertLn(Math.nextUp(1.0));
    }

    /**
     * Every term of {@link Entropy.Terms} within 5·10⁻¹⁶ relative of −p ln p by {@link StrictMath#log}, 0 for p ≤ 0,
     * {@link Entropy#term}'s for the rest of the edge cases; rows below and above {@link Entropy.Terms#VECTOR_MINIMUM}.
     */
    @Property(tries = 3000)
    void termsInOnePassAreWithinTwoUlp(@ForAll("probabilities") double p, @ForAll("probabilities") double q,
                                       @ForAll("nearOne") double r, @ForAll("positiveDoubles") double s) {
        double[][] rows = {
            {p, q, r, s, p * q, 1.0, Math.nextDown(1.0), Math.nextUp(0.5), Double.MIN_NORMAL, Double.MAX_VALUE, 0.0, q, r, s, p, q, r, s},
            {p, q, r, s, p, q, r, -0.0, p, q, r, s, p, q, r, s, p},
            {p, q, r, s, p, q, r, 0.0, -0.25, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, q, p, r, s},
            {p, q, r, s}};
        Entropy.Terms terms = new Entropy.Terms(20);
        for (double[] row : rows) {
            double[] t = terms.of(row, row.length);
            for (int i = 0; i < row.length; i++) {
                double v = row[i];
                if (v > 0 && v < Double.POSITIVE_INFINITY && v >= Double.MIN_NORMAL) {
                    double expected = -v * StrictMath.log(v);
                    assertEquals(expected, t[i], RELATIVE * Math.abs(expected), () -> "term of " + v);
                } else {
                    assertEquals(Double.doubleToLongBits(Entropy.term(v)), Double.doubleToLongBits(t[i]), () -> "term of " + v);
                }
            }
        }
    }

    @Example
    void termsAreZeroAtZeroAndOneAndBelowZero() {
        assertEquals(0.0, Entropy.term(0.0));
        assertEquals(0.0, Entropy.term(-0.25));
        assertEquals(0.0, Entropy.term(1.0), 0.0);
        // H(1/2, 1/4, 1/4) = 1.5 bits
        assertEquals(1.5, Entropy.of(new double[] {0.5, 0.25, 0.25}, Entropy.Unit.BITS), 1e-15);
    }
}
