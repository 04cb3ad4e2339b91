package dev.ghmm.factored.correlation;

import dev.ghmm.Entropy;
import dev.ghmm.Entropy.Unit;
import dev.ghmm.factored.density.DensityMatrix;
import dev.ghmm.factored.sector.SectorDecomposition;
import dev.ghmm.internal.Eigenvalues;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Correlation and factorisation measures of density matrices (section 2.3). Entropies are in bits unless a
 * {@link Unit} ({@link Entropy.Unit}) is given; S(ρ) = −Σ λ log λ over the eigenvalues of ρ (the Shannon entropy of the diagonal
 * for a classical ρ). Density matrices are validated at construction, so every input here is a state.
 */
public final class Measures {
    private Measures() {
    }

    /**
     * {@return the von Neumann entropy S(ρ) in bits}
     *
     * @param rho the density matrix ρ
     */
    public static double entropy(DensityMatrix rho) {
        return entropy(rho, Unit.BITS);
    }

    /**
     * {@return the von Neumann entropy S(ρ) = −Σ λ log λ in the given unit; eigenvalues ≤ 0 contribute 0}
     *
     * @param rho the density matrix ρ
     * @param unit bits or nats
     */
    public static double entropy(DensityMatrix rho, Unit unit) {
        return Entropy.of(rho.eigenvalues(), unit);
    }

    /**
     * {@return the mutual information I(A:B) = S(ρ<sub>A</sub>) + S(ρ<sub>B</sub>) − S(ρ<sub>AB</sub>) between two
     * disjoint sets of factors, in bits; other factors are traced out first}
     *
     * @param rho the density matrix ρ
     * @param a the factors of A
     * @param b the factors of B
     */
    public static double mutualInformation(DensityMatrix rho, int[] a, int[] b) {
        return mutualInformation(rho, a, b, Unit.BITS);
    }

    /**
     * I(A:B) between two disjoint sets of factors in the given unit; other factors are traced out first.
     *
     * @param rho  the density matrix ρ
     * @param a    the factors of A
     * @param b    the factors of B
     * @param unit bits or nats
     * @return I(A:B) ≥ 0
     */
    public static double mutualInformation(DensityMatrix rho, int[] a, int[] b, Unit unit) {
        DensityMatrix ab = rho.partialTrace(concat(a, b));
        int[] aIdx = IntStream.range(0, a.length).toArray();
        int[] bIdx = IntStream.range(a.length, a.length + b.length).toArray();
        return Math.max(0.0, entropy(ab.partialTrace(aIdx), unit) + entropy(ab.partialTrace(bIdx), unit) - entropy(ab, unit));
    }

    /**
     * {@return I(A:B) between factor 0 and factor 1 of a bipartite ρ<sub>AB</sub>, in bits}
     *
     * @param rho the density matrix ρ
     */
    public static double mutualInformation(DensityMatrix rho) {
        return mutualInformation(rho, Unit.BITS);
    }

    /**
     * I(A:B) between factor 0 and factor 1 of a bipartite ρ<sub>AB</sub>, in the given unit.
     *
     * @param rho  the density matrix ρ
     * @param unit bits or nats
     * @return I(A:B) ≥ 0
     */
    public static double mutualInformation(DensityMatrix rho, Unit unit) {
        return mutualInformation(rho, new int[] {0}, new int[] {1}, unit);
    }

    /**
     * {@return the conditional entropy S(A|B) = S(ρ<sub>AB</sub>) − S(ρ<sub>B</sub>), in bits}
     *
     * @param rho the density matrix ρ
     * @param a the factors of A
     * @param b the factors of B
     */
    public static double conditionalEntropy(DensityMatrix rho, int[] a, int[] b) {
        return conditionalEntropy(rho, a, b, Unit.BITS);
    }

    /**
     * S(A|B) = S(ρ<sub>AB</sub>) − S(ρ<sub>B</sub>) in the given unit.
     *
     * @param rho  the density matrix ρ
     * @param a    the factors of A
     * @param b    the factors of B
     * @param unit bits or nats
     * @return S(A|B)
     */
    public static double conditionalEntropy(DensityMatrix rho, int[] a, int[] b, Unit unit) {
        DensityMatrix ab = rho.partialTrace(concat(a, b));
        return entropy(ab, unit) - entropy(ab.partialTrace(IntStream.range(a.length, a.length + b.length).toArray()), unit);
    }

    /**
     * {@return the total correlation (multi-information) Σ<sub>f</sub> S(ρ<sub>f</sub>) − S(ρ) over all F factors,
     * in bits}
     *
     * @param rho the density matrix ρ
     */
    public static double totalCorrelation(DensityMatrix rho) {
        return totalCorrelation(rho, Unit.BITS);
    }

    /**
     * The total correlation Σ<sub>f</sub> S(ρ<sub>f</sub>) − S(ρ) in the given unit.
     *
     * @param rho  the density matrix ρ
     * @param unit bits or nats
     * @return the total correlation ≥ 0
     */
    public static double totalCorrelation(DensityMatrix rho, Unit unit) {
        double sum = 0;
        for (int f = 0; f < rho.dimensions().length; f++) {
            sum += entropy(rho.partialTrace(f), unit);
        }
        return Math.max(0.0, sum - entropy(rho, unit));
    }

    /**
     * {@return the trace distance ½‖ρ − σ‖<sub>1</sub> = ½ Σ |eigenvalues of ρ − σ|}
     *
     * @param rho the density matrix ρ
     * @param sigma the sector tuple σ, one sector index per factor
     */
    public static double traceDistance(DensityMatrix rho, DensityMatrix sigma) {
        if (rho.isDiagonal() && sigma.isDiagonal()) {
            double[] p = rho.diagonal();
            double[] q = sigma.diagonal();
            if (p.length != q.length) {
                throw new IllegalArgumentException("sizes differ: " + p.length + " vs " + q.length);
            }
            double d = 0;
            for (int i = 0; i < p.length; i++) {
                d += Math.abs(p[i] - q[i]);
            }
            return d / 2;
        }
        DMatrixRMaj diff = new DMatrixRMaj(rho.dimension(), rho.dimension());
        CommonOps_DDRM.subtract(rho.toDense(), sigma.toDense(), diff);
        double d = 0;
        for (double v : Eigenvalues.symmetric(diff, "ρ − σ")) {
            d += Math.abs(v);
        }
        return d / 2;
    }

    /**
     * {@return the trace distance between ρ and the product of its marginals: 0 iff the factors are uncorrelated}
     *
     * @param rho the density matrix ρ
     */
    public static double distanceFromProduct(DensityMatrix rho) {
        return traceDistance(rho, rho.productOfMarginals());
    }

    /**
     * {@return the mutual information between the sector labels of factors 0 and 1, in bits}
     *
     * @param rho the density matrix ρ
     * @param sectors the sector decomposition
     */
    public static double sectorMutualInformation(DensityMatrix rho, SectorDecomposition sectors) {
        return sectorMutualInformation(rho, sectors, 0, 1, Unit.BITS);
    }

    /**
     * The mutual information between the sector labels of factors f and g, in the given unit: I(σ<sub>f</sub>:σ<sub>g</sub>)
     * of the coarse-grained ρ (its sector weights), the other factors' labels traced out.
     *
     * @param rho     the density matrix ρ
     * @param sectors the sector decomposition
     * @param f       one factor
     * @param g       another factor, ≠ f
     * @param unit    bits or nats
     * @return I(σ<sub>f</sub>:σ<sub>g</sub>) ≥ 0
     */
    public static double sectorMutualInformation(DensityMatrix rho, SectorDecomposition sectors, int f, int g, Unit unit) {
        if (f == g) {
            throw new IllegalArgumentException("sector mutual information needs two different factors, got " + f + " twice");
        }
        return mutualInformation(rho.sectorWeights(sectors), new int[] {f}, new int[] {g}, unit);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] all = new int[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
