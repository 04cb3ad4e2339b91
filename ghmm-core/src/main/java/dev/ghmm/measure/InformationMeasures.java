package dev.ghmm.measure;

import dev.ghmm.Entropy;
import dev.ghmm.MixedRadix;
import dev.ghmm.process.Process;
import java.util.Arrays;
import java.util.List;

/**
 * Block entropies and the quantities derived from them, in bits, from the mixed-state presentation:
 * H(L) = Σ<sub>t&lt;L</sub> Σ<sub>η</sub> P<sub>t</sub>(η) H[X | η] (the chain rule grouped by belief), so the cost
 * grows with the number of distinct beliefs, not with |𝒳|<sup>L</sup>.
 *
 * @param blockEntropy          H(0), …, H(L)
 * @param entropyRate           h<sub>μ</sub>: exact from the MSP's recurrent part when the MSP is finite, else the
 *                              myopic estimate h(L) = H(L) − H(L−1)
 * @param entropyRateExact      whether h<sub>μ</sub> is exact
 * @param excessEntropy         E ≈ H(L) − L·h<sub>μ</sub> (converges from above as L grows)
 * @param transientInformation  T ≈ Σ<sub>l≤L</sub> [E + l·h<sub>μ</sub> − H(l)]
 * @param mspStates             the number of MSP states when finite, else −1
 * @param statisticalComplexity for a finite MSP the entropy of its long-run distribution over beliefs (C<sub>μ</sub>
 *                              when the presentation is unifilar and minimal), else NaN
 */
public record InformationMeasures(double[] blockEntropy, double entropyRate, boolean entropyRateExact, double excessEntropy,
                                  double transientInformation, int mspStates, double statisticalComplexity) {
    /** Merge tolerance for beliefs. */
    public static final double TOLERANCE = 1e-10;

    /**
     * Defensive copy of the block entropies.
     *
     * @param blockEntropy          H(0), …, H(L)
     * @param entropyRate           h<sub>μ</sub>
     * @param entropyRateExact      whether h<sub>μ</sub> comes from a finite MSP
     * @param excessEntropy         E
     * @param transientInformation  T
     * @param mspStates             the number of distinct beliefs
     * @param statisticalComplexity C<sub>μ</sub>
     */
    public InformationMeasures {
        blockEntropy = blockEntropy.clone();
    }

    /**
     * H(0), …, H(L) in bits (a copy).
     *
     * @return the block entropies
     */
    @Override
    public double[] blockEntropy() {
        return blockEntropy.clone();
    }

    /**
     * The same measures in another unit (they are computed in bits): every entropy, rate, E, T and C<sub>μ</sub> scaled by
     * ln 2 / ln base.
     *
     * @param unit bits or nats
     * @return the converted measures
     */
    public InformationMeasures in(Entropy.Unit unit) {
        double k = unit.fromNats(Math.log(2));
        double[] h = blockEntropy.clone();
        for (int l = 0; l < h.length; l++) {
            h[l] *= k;
        }
        return new InformationMeasures(h, entropyRate * k, entropyRateExact, excessEntropy * k, transientInformation * k, mspStates,
                statisticalComplexity * k);
    }

    /** {@return the scalar components, for equality} */
    private List<Object> scalars() {
        return List.of(entropyRate, entropyRateExact, excessEntropy, transientInformation, mspStates, statisticalComplexity);
    }

    /** Equal when every component is, the block entropies by content (doubles compared as {@link Double#equals}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof InformationMeasures m && Arrays.equals(blockEntropy, m.blockEntropy) && scalars().equals(m.scalars());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(blockEntropy) + scalars().hashCode();
    }

    @Override
    public String toString() {
        return "InformationMeasures[H=" + Arrays.toString(blockEntropy) + ", h_mu=" + entropyRate + (entropyRateExact ? " (exact)" : "")
                + ", E=" + excessEntropy + ", T=" + transientInformation + ", MSP states=" + mspStates + ", C_mu=" + statisticalComplexity + "]";
    }

    /** {@return the myopic entropy rates h(1), …, h(L): h(l) = H(l) − H(l−1)} */
    public double[] myopicEntropyRate() {
        double[] h = new double[blockEntropy.length - 1];
        for (int l = 1; l < blockEntropy.length; l++) {
            h[l - 1] = blockEntropy[l] - blockEntropy[l - 1];
        }
        return h;
    }

    /**
     * Computes every measure up to L = {@code maxLength}.
     *
     * @param process the process
     * @param maxLength the largest L, ≥ 1
     * @throws IllegalArgumentException if L &lt; 1 (no entropy rate), or the MSP would exceed its budget
     * @return the measures
     */
    public static InformationMeasures compute(Process process, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum length " + maxLength + ": the entropy rate needs block entropies up to L ≥ 1");
        }
        MixedStatePresentation msp = MixedStatePresentation.enumerate(process, maxLength, TOLERANCE);
        double[] h = new double[msp.size()];
        for (int b = 0; b < h.length; b++) {
            for (int x = 0; x < process.symbols(); x++) {
                h[b] += Entropy.Unit.BITS.fromNats(Entropy.term(msp.symbolProbability(b, x)));
            }
        }
        double[] blockEntropy = new double[maxLength + 1];
        for (int l = 1; l <= maxLength; l++) {
            double[] layer = msp.distribution(l - 1);
            double sum = 0;
            for (int b = 0; b < layer.length; b++) {
                sum += layer[b] * h[b];
            }
            blockEntropy[l] = blockEntropy[l - 1] + sum;
        }
        boolean exact = msp.isFinite();
        double rate;
        double complexity = Double.NaN;
        if (exact) {
            double[] limit = msp.limitingDistribution();
            rate = 0;
            complexity = 0;
            for (int b = 0; b < limit.length; b++) {
                rate += limit[b] * h[b];
                complexity += Entropy.Unit.BITS.fromNats(Entropy.term(limit[b]));
            }
        } else {
            rate = blockEntropy[maxLength] - blockEntropy[maxLength - 1];
        }
        double excess = blockEntropy[maxLength] - maxLength * rate;
        double transientInformation = 0;
        for (int l = 0; l <= maxLength; l++) {
            transientInformation += excess + l * rate - blockEntropy[l];
        }
        return new InformationMeasures(blockEntropy, rate, exact, excess, transientInformation, exact ? msp.size() : -1, complexity);
    }

    /**
     * {@return H(L) = −Σ<sub>|w|=L</sub> Pr(w) log₂ Pr(w) by enumerating every word: the cross-check for small L}
     *
     * @throws IllegalArgumentException if |𝒳|<sup>L</sup> exceeds 10⁷
     * @param process the process
     * @param length the word length L
     */
    public static double blockEntropyByEnumeration(Process process, int length) {
        double words = Math.pow(process.symbols(), length);
        if (length < 0 || words > 1e7) {
            throw new IllegalArgumentException("enumerating " + words + " words of length " + length + " is refused (limit 1e7)");
        }
        int[] radix = new int[length];
        java.util.Arrays.fill(radix, process.symbols());
        int[] word = new int[length];
        double h = 0;
        for (int w = 0; w < (int) words; w++) {
            MixedRadix.decode(radix, w, word);
            h += Entropy.Unit.BITS.fromNats(Entropy.term(process.probability(word)));
        }
        return h;
    }
}
