package dev.ghmm.factored.geometry;

import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.Process;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The points of one picture of a mixed-state presentation: beliefs, how much time the observer spends at each, and
 * the symbol each makes most likely. For a process, every node as it is; for a {@link FactoredProcess} of several
 * factors, one set per factor: factor f's beliefs as the filter holds them ({@link MixedStatePresentation#part}),
 * each distinct one once ({@link MixedStatePresentation#distinctParts}), the occupations of the nodes that share it
 * added up, and its most likely next symbol the argmax of the factor's symbol marginal
 * Σ<sub>x: x_f = a</sub> Pr(x | η).
 *
 * @param title      what the points are: the process's {@linkplain Titles title} (the factor's, numbered) and the
 *                   presentation's extent
 * @param beliefs    the beliefs [point][i]
 * @param occupation per point, the mean over depths t = 0 … L of P<sub>t</sub>, summed over the nodes it stands for
 * @param likeliest  per point, the most likely next symbol (of the factor, for a factor's points)
 * @param symbols    the names of those symbols
 * @param hmm        whether the beliefs are distributions over the states of an HMM (every variant of a factor one)
 *                   <p>A value (docs/design.md, "Records and arrays"): the arrays are copied in and out, and
 *                   equality, hash code and text read their contents.
 */
public record BeliefPoints(String title, double[][] beliefs, double[] occupation, int[] likeliest, String[] symbols, boolean hmm) {

    /**
     * Copies the arrays.
     *
     * @param title      what the points are
     * @param beliefs    the beliefs [point][i]
     * @param occupation per point, its occupation
     * @param likeliest  per point, the most likely next symbol
     * @param symbols    the names of those symbols
     * @param hmm        whether the beliefs are distributions over the states of an HMM
     */
    public BeliefPoints {
        beliefs = Vectors.copyRows(beliefs);
        occupation = occupation.clone();
        likeliest = likeliest.clone();
        symbols = symbols.clone();
    }

    /** {@return the beliefs [point][i] (a copy)} */
    @Override
    public double[][] beliefs() {
        return Vectors.copyRows(beliefs);
    }

    /** {@return the occupation per point (a copy)} */
    @Override
    public double[] occupation() {
        return occupation.clone();
    }

    /** {@return the most likely next symbol per point (a copy)} */
    @Override
    public int[] likeliest() {
        return likeliest.clone();
    }

    /** {@return the names of the symbols (a copy)} */
    @Override
    public String[] symbols() {
        return symbols.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BeliefPoints b && title.equals(b.title) && Arrays.deepEquals(beliefs, b.beliefs) && Arrays.equals(occupation, b.occupation)
                && Arrays.equals(likeliest, b.likeliest) && Arrays.equals(symbols, b.symbols) && hmm == b.hmm;
    }

    @Override
    public int hashCode() {
        return Objects.hash(title, Arrays.deepHashCode(beliefs), Arrays.hashCode(occupation), Arrays.hashCode(likeliest), Arrays.hashCode(symbols), hmm);
    }

    @Override
    public String toString() {
        return "BeliefPoints[" + title + ": " + beliefs.length + " points of dimension " + (beliefs.length == 0 ? 0 : beliefs[0].length)
                + (hmm ? ", HMM" : "") + "]";
    }


    /**
     * {@return the points of the presentation: one set for a process, one per factor of a factored process of
     * several factors}
     *
     * @param msp the presentation
     */
    public static List<BeliefPoints> of(MixedStatePresentation msp) {
        Process process = msp.process();
        String extent = msp.size() + " beliefs to depth " + msp.depth() + (msp.isFinite() ? ", finite" : "");
        double[] occupation = occupation(msp);
        if (!(process instanceof FactoredProcess fp) || fp.factorCount() == 1) {
            return List.of(whole(msp, occupation, Titles.of(process) + ": " + extent));
        }
        List<BeliefPoints> points = new ArrayList<>();
        for (int f = 0; f < fp.factorCount(); f++) {
            points.add(factor(fp, f, msp, occupation, extent));
        }
        return points;
    }

    /** Every node of the presentation, as it is. */
    private static BeliefPoints whole(MixedStatePresentation msp, double[] occupation, String title) {
        Process process = msp.process();
        int n = msp.size();
        double[][] beliefs = new double[n][];
        int[] likeliest = new int[n];
        BeliefFilter filter = process.filter();
        double[] p = new double[process.symbols()];
        for (int b = 0; b < n; b++) {
            beliefs[b] = msp.belief(b);
            filter.reset(beliefs[b]);
            filter.nextSymbolDistribution(p);
            likeliest[b] = Vectors.argmax(p);
        }
        return new BeliefPoints(title, beliefs, occupation, likeliest, process.alphabet().names(), isHmm(process));
    }

    /** Factor f's distinct beliefs, with the occupations of their nodes added up. */
    private static BeliefPoints factor(FactoredProcess fp, int f, MixedStatePresentation msp, double[] occupation, String extent) {
        int[] classes = msp.distinctParts(f);
        int count = 0;
        for (int c : classes) {
            count = Math.max(count, c + 1);
        }
        double[][] beliefs = new double[count][];
        double[] weights = new double[count];
        int[] likeliest = new int[count];
        int[] factorSymbol = new int[fp.symbols()];
        for (int x = 0; x < factorSymbol.length; x++) {
            factorSymbol[x] = fp.decode(x)[f];
        }
        String[] symbols = fp.factor(f).alphabet().names();
        BeliefFilter filter = fp.filter();
        MixedStatePresentation.PartReader parts = msp.partReader();
        double[] p = new double[fp.symbols()];
        double[] own = new double[symbols.length];
        for (int b = 0; b < classes.length; b++) {
            int c = classes[b];
            weights[c] += occupation[b];
            if (beliefs[c] != null) {
                continue;
            }
            beliefs[c] = parts.part(b, f);
            filter.reset(msp.belief(b));
            filter.nextSymbolDistribution(p);
            Arrays.fill(own, 0.0);
            for (int x = 0; x < p.length; x++) {
                own[factorSymbol[x]] += p[x];
            }
            likeliest[c] = Vectors.argmax(own);
        }
        boolean hmm = isHmm(fp, f);
        return new BeliefPoints("factor " + f + ": " + Titles.factor(fp, f) + " (" + count + " marginals of " + extent + ")", beliefs, weights, likeliest,
                symbols, hmm);
    }

    /**
     * Whether a process's beliefs are distributions over the states of an HMM, read from its structure without
     * building a joint GHMM (a noisy process with received updates has none): a factored process's every variant is
     * an HMM; a noisy process's clean process is one (the channel mixes non-negative operators with T and keeps
     * |1⟩⟩); otherwise its joint GHMM is one.
     */
    private static boolean isHmm(Process process) {
        if (process instanceof NoisyProcess noisy) {
            return isHmm(noisy.process());
        }
        if (process instanceof FactoredProcess fp) {
            boolean hmm = true;
            for (int f = 0; f < fp.factorCount(); f++) {
                hmm &= isHmm(fp, f);
            }
            return hmm;
        }
        return process.joint().isHmm();
    }

    /** Whether every variant of factor f is an HMM. */
    private static boolean isHmm(FactoredProcess fp, int f) {
        boolean hmm = true;
        for (int k = 0; k < fp.variantCount(f); k++) {
            hmm &= fp.variant(f, k).isHmm();
        }
        return hmm;
    }

    /** The mean over depths t = 0 … L of P<sub>t</sub>(b), for every node b. */
    private static double[] occupation(MixedStatePresentation msp) {
        double[] occupation = new double[msp.size()];
        for (int t = 0; t <= msp.depth(); t++) {
            double[] layer = msp.distribution(t);
            for (int b = 0; b < layer.length; b++) {
                occupation[b] += layer[b] / (msp.depth() + 1);
            }
        }
        return occupation;
    }
}
