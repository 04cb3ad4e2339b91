package dev.ghmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.rng.UniformRandomProvider;

/** The logarithm of {@link Entropy} against {@link StrictMath#log} (fdlibm, under 1 ulp), and the entropy terms. */
class EntropyProperties {
    /**
     * 9·10⁻¹⁶ relative: the bound proved for {@link Entropy#ln} (6.1·2⁻⁵³) plus fdlibm's own error (under 1 ulp,
     * 2·2⁻⁵³).
     */
    private static final double RELATIVE = 9e-16;

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

    /**
     * Millions of arguments against {@link StrictMath#log}: in each of the 3969 sub-intervals of the table (128
     * per binade from 2⁻³¹ to 1, and [1, 1 + 2⁻⁷)) both ends, their neighbours, the centre and 250 random points; then
     * the table's edges (2⁻³¹, 1) from both sides; and the largest error seen stays within the bound.
     */
    @Example
    void everySubIntervalOfTheTableIsWithinTheBound() {
        UniformRandomProvider rng = Seeds.sequence(29, 0);
        double worst = 0.0;
        int checked = 0;
        for (double low = 0x1p-31; low <= 1.0; ) {
            double width = Math.ulp(low) * 0x1p45;
            double high = low + width;
            double[] fixed = {low, Math.nextUp(low), low + 0.5 * width, Math.nextDown(high), Math.nextDown(Math.nextDown(high))};
            for (double p : fixed) {
                worst = Math.max(worst, relativeError(p));
                checked++;
            }
            for (int j = 0; j < 250; j++) {
                worst = Math.max(worst, relativeError(low + rng.nextDouble() * width));
                checked++;
            }
            low = high;
        }
        for (int j = -300; j <= 300; j++) {
            worst = Math.max(worst, relativeError(0x1p-31 + j * 0x1p-84));
            worst = Math.max(worst, relativeError(1.0 + j * 0x1p-53));
            checked += 2;
        }
        assertTrue(checked > 1_000_000, "checked " + checked);
        assertTrue(worst <= RELATIVE, "largest relative error " + worst);
    }

    private static double relativeError(double p) {
        double expected = StrictMath.log(p);
        double got = Entropy.ln(p);
        return expected == 0.0 ? Math.abs(got) : Math.abs(got - expected) / Math.abs(expected);
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
        assertLn(0x1p-31);
        assertLn(Math.nextDown(0x1p-31));
        assertEquals(Double.NEGATIVE_INFINITY, Entropy.ln(0.0));
        assertTrue(Double.isNaN(Entropy.ln(-0.25)));
    }

    /** The entropy of a range is the sum of its terms in index order, entries ≤ 0 contributing 0. */
    @Property(tries = 2000)
    void theEntropyOfARangeIsTheSumOfItsTerms(@ForAll("probabilities") double p, @ForAll("probabilities") double q,
                                              @ForAll("nearOne") double r) {
        double[] row = {0.5, p, 0.0, q, -0.0, r, 0.25};
        assertEquals(Entropy.term(p) + Entropy.term(0.0) + Entropy.term(q) + Entropy.term(-0.0) + Entropy.term(r),
                Entropy.of(row, 1, 5), 0.0);
        assertEquals(0.0, Entropy.of(row, 2, 0), 0.0);
        for (int n = 1; n <= 4; n++) {
            double sum = 0.0;
            for (int i = 1; i <= n; i++) {
                sum += Entropy.term(row[i]);
            }
            assertEquals(sum, Entropy.of(row, 1, n), 0.0);
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
