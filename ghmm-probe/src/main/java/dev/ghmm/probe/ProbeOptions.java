package dev.ghmm.probe;

/**
 * How probes are fitted. Start from {@link #defaults()} and change what differs with the {@code with…} methods.
 *
 * @param targets         which beliefs are regressed on: joint, per factor, or both (side by side)
 * @param weighting       the weight of each row: 1, or the probability of its prefix
 * @param mergePrefixes   whether rows of the same prefix (same symbols x<sub>1:t</sub>, hence the same belief) become one
 *                        row: their weighted mean activation with the sum of their weights. Memory then grows with the
 *                        number of distinct prefixes.
 * @param validation      the fraction of sequences held out for validation, in [0, 1): the last round(fraction·N),
 *                        at least one when the fraction is positive
 * @param ridge           λ ≥ 0 of the ridge (Σ<sub>xx</sub> + λI)B = Σ<sub>xy</sub>, on the scale of the activation
 *                        covariance
 * @param svdCutoff       0 to solve by Cholesky; &gt; 0 (and &lt; 1) to solve by SVD of Σ<sub>xx</sub> + λI, dropping
 *                        singular values below svdCutoff times the largest
 * @param shuffleSeed     the seed of the permutation of sequences of the shuffled-target baseline
 * @param firstBeliefRow  the belief row paired with activation position 0, so position p goes with row
 *                        firstBeliefRow + p; −1 for the automatic rule: activations recorded on {@code tokens.npy} or on its
 *                        inputs tokens[:, :-1] start at row 0 with a BOS token and at row 1 without (P = L + 1 without
 *                        one: row 0, a BOS position of the model's own)
 * @param skipPositions   K ≥ 0: activation positions p &lt; K are left out (weigh 0) of every moment, so of the fit, the
 *                        scores and the explained-variance spectra; the paper leaves out position 0
 * @param firstSequence   −1: the activations hold every sequence of the dataset, in order; K ≥ 0: they hold the
 *                        dataset's sequences K, K + 1, … (as many as the file has), e.g. a validation range recorded alone
 */
public record ProbeOptions(Targets targets, Weighting weighting, boolean mergePrefixes, double validation, double ridge, double svdCutoff,
                           long shuffleSeed, int firstBeliefRow, int skipPositions, long firstSequence) {

    /** Which beliefs the probes predict. */
    public enum Targets {
        /** The joint belief ({@code beliefs.npy}). */
        JOINT,
        /** Each factor's belief ({@code beliefs.f<f>.npy}). */
        FACTORS,
        /** Both, fitted on the same rows. */
        BOTH
    }

    /** The weight of a row. */
    public enum Weighting {
        /** Every row weighs 1. */
        UNIFORM,
        /**
         * A row at belief row t weighs Pr(x<sub>1:t</sub>) = exp(logprob), 1 for t = 0; needs {@code logprob.npy}.
         * These weights shrink geometrically with t (and underflow to 0 for long prefixes, which then count for nothing).
         */
        PREFIX_PROBABILITY
    }

    /**
     * Checks the options.
     *
     * @param targets        which beliefs
     * @param weighting      the row weights
     * @param mergePrefixes  whether identical prefixes merge
     * @param validation     held-out fraction in [0, 1)
     * @param ridge          λ ≥ 0
     * @param svdCutoff      0, or the relative SVD cut-off in (0, 1)
     * @param shuffleSeed    the baseline's seed
     * @param firstBeliefRow −1 or ≥ 0
     * @param skipPositions  K ≥ 0: positions p &lt; K weigh 0 in every moment (the fit, the scores, the spectra)
     * @param firstSequence  −1 (every sequence) or the dataset index K ≥ 0 of the activations' first sequence
     * @throws IllegalArgumentException naming the offending option
     */
    public ProbeOptions {
        if (targets == null || weighting == null) {
            throw new IllegalArgumentException("targets and weighting must be given");
        }
        if (!(validation >= 0 && validation < 1)) {
            throw new IllegalArgumentException("validation fraction " + validation + " must be in [0, 1)");
        }
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge " + ridge + " must be finite and >= 0");
        }
        if (!(svdCutoff >= 0 && svdCutoff < 1)) {
            throw new IllegalArgumentException("svdCutoff " + svdCutoff + " must be 0 (Cholesky) or in (0, 1)");
        }
        if (firstBeliefRow < -1) {
            throw new IllegalArgumentException("firstBeliefRow " + firstBeliefRow + " must be -1 (automatic) or >= 0");
        }
        if (skipPositions < 0) {
            throw new IllegalArgumentException("skipPositions " + skipPositions + " must be >= 0");
        }
        if (firstSequence < -1) {
            throw new IllegalArgumentException("firstSequence " + firstSequence + " must be -1 (every sequence) or >= 0");
        }
    }

    /**
     * Factor beliefs, uniform weights, no merging, the last 20% of sequences for validation, no ridge, Cholesky, seed 0,
     * automatic alignment, every position, activations of every sequence.
     *
     * @return the defaults
     */
    public static ProbeOptions defaults() {
        return new ProbeOptions(Targets.FACTORS, Weighting.UNIFORM, false, 0.2, 0, 0, 0, -1, 0, -1);
    }

    /**
     * These options with other targets.
     *
     * @param value the targets
     * @return the changed options
     */
    public ProbeOptions withTargets(Targets value) {
        return new ProbeOptions(value, weighting, mergePrefixes, validation, ridge, svdCutoff, shuffleSeed, firstBeliefRow, skipPositions, firstSequence);
    }

    /**
     * These options with another weighting.
     *
     * @param value the weighting
     * @return the changed options
     */
    public ProbeOptions withWeighting(Weighting value) {
        return new ProbeOptions(targets, value, mergePrefixes, validation, ridge, svdCutoff, shuffleSeed, firstBeliefRow, skipPositions, firstSequence);
    }

    /**
     * These options with prefixes merged or not.
     *
     * @param value whether to merge
     * @return the changed options
     */
    public ProbeOptions withMergedPrefixes(boolean value) {
        return new ProbeOptions(targets, weighting, value, validation, ridge, svdCutoff, shuffleSeed, firstBeliefRow, skipPositions, firstSequence);
    }

    /**
     * These options with another validation fraction.
     *
     * @param value the fraction in [0, 1)
     * @return the changed options
     */
    public ProbeOptions withValidation(double value) {
        return new ProbeOptions(targets, weighting, mergePrefixes, value, ridge, svdCutoff, shuffleSeed, firstBeliefRow, skipPositions, firstSequence);
    }

    /**
     * These options with another ridge λ.
     *
     * @param value λ ≥ 0
     * @return the changed options
     */
    public ProbeOptions withRidge(double value) {
        return new ProbeOptions(targets, weighting, mergePrefixes, validation, value, svdCutoff, shuffleSeed, firstBeliefRow, skipPositions, firstSequence);
    }

    /**
     * These options solving by SVD with a relative cut-off (0 returns to Cholesky).
     *
     * @param value the cut-off in [0, 1)
     * @return the changed options
     */
    public ProbeOptions withSvdCutoff(double value) {
        return new ProbeOptions(targets, weighting, mergePrefixes, validation, ridge, value, shuffleSeed, firstBeliefRow, skipPositions, firstSequence);
    }

    /**
     * These options with another seed of the shuffled baseline.
     *
     * @param value the seed
     * @return the changed options
     */
    public ProbeOptions withShuffleSeed(long value) {
        return new ProbeOptions(targets, weighting, mergePrefixes, validation, ridge, svdCutoff, value, firstBeliefRow, skipPositions, firstSequence);
    }

    /**
     * These options with an explicit alignment: activation position p goes with belief row {@code value} + p.
     *
     * @param value the belief row of position 0, or −1 for the automatic rule
     * @return the changed options
     */
    public ProbeOptions withFirstBeliefRow(int value) {
        return new ProbeOptions(targets, weighting, mergePrefixes, validation, ridge, svdCutoff, shuffleSeed, value, skipPositions, firstSequence);
    }

    /**
     * These options leaving out the first positions of every sequence.
     *
     * @param value K ≥ 0: positions p &lt; K weigh 0 (the paper leaves out position 0)
     * @return the changed options
     */
    public ProbeOptions withSkipPositions(int value) {
        return new ProbeOptions(targets, weighting, mergePrefixes, validation, ridge, svdCutoff, shuffleSeed, firstBeliefRow, value, firstSequence);
    }

    /**
     * These options for activations recorded on a range of the dataset's sequences only.
     *
     * @param value −1 (every sequence of the dataset, the default) or the dataset index K ≥ 0 of the activations'
     *              first sequence: activation sequence i is dataset sequence K + i
     * @return the changed options
     */
    public ProbeOptions withFirstSequence(long value) {
        return new ProbeOptions(targets, weighting, mergePrefixes, validation, ridge, svdCutoff, shuffleSeed, firstBeliefRow, skipPositions, value);
    }
}
