package dev.ghmm.factored.density;

import dev.ghmm.MixedRadix;
import dev.ghmm.Tolerances;
import dev.ghmm.factored.sector.SectorDecomposition;
import dev.ghmm.internal.Checks;
import dev.ghmm.internal.Eigenvalues;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A real symmetric density matrix ρ on ⊗<sub>f</sub> ℝ<sup>d<sub>f</sub></sup> (section 2.3): symmetric, trace 1,
 * positive semidefinite within {@link #TOLERANCE}. The classical density matrix of a belief (eq. 2.24–2.25)
 * is diagonal and stored as its diagonal; a general one is stored dense. Basis order is lexicographic,
 * last factor fastest (eq. 2.19). Immutable.
 */
public final class DensityMatrix {
    /** Tolerance of validation: symmetry, trace, smallest eigenvalue, and of {@link #isProduct} by default. */
    public static final double TOLERANCE = Tolerances.INPUT;

    private final int[] dims;
    private final double[] diagonal;
    private final DMatrixRMaj full;

    private DensityMatrix(int[] dims, double[] diagonal, DMatrixRMaj full) {
        this.dims = dims.clone();
        this.diagonal = diagonal;
        this.full = full;
    }

    /**
     * {@return the classical density matrix ρ(w) = Σ<sub>s</sub> p<sub>w</sub>(s) |s⟩⟨s| of a belief over hidden
     * states (eq. 2.24), diagonal}
     *
     * @param belief a probability distribution over Π d<sub>f</sub> joint states
     * @param dims   the factor dimensions d<sub>f</sub>
     * @throws IllegalArgumentException if the length does not match, an entry is negative beyond the
     *                                  tolerance or not finite, or the entries do not sum to 1
     */
    public static DensityMatrix classical(double[] belief, int... dims) {
        requireLength(belief.length, dims);
        Checks.requireFinite("belief", belief);
        double total = 0;
        double[] p = belief.clone();
        for (int i = 0; i < p.length; i++) {
            if (p[i] < -TOLERANCE) {
                throw new IllegalArgumentException("belief[" + i + "] = " + p[i] + " is negative: not a probability distribution");
            }
            p[i] = Math.max(p[i], 0.0);
            total += p[i];
        }
        if (Math.abs(total - 1.0) > TOLERANCE) {
            throw new IllegalArgumentException("belief sums to " + total + ", not 1: not a probability distribution");
        }
        return new DensityMatrix(dims, p, null);
    }

    /**
     * {@return a general real symmetric density matrix}
     *
     * @throws IllegalArgumentException if ρ is not square of size Π d<sub>f</sub>, not symmetric, has trace ≠ 1
     *                                  or an eigenvalue below −tolerance; the message names the entry or value
     * @param rho the density matrix ρ
     * @param dims the factor dimensions d_f
     */
    public static DensityMatrix of(DMatrixRMaj rho, int... dims) {
        if (rho.numRows != rho.numCols) {
            throw new IllegalArgumentException("density matrix is not square: " + rho.numRows + "×" + rho.numCols);
        }
        requireLength(rho.numRows, dims);
        int n = rho.numRows;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = rho.get(i, j);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("ρ[" + i + "][" + j + "] = " + v + " is not finite");
                }
                if (Math.abs(v - rho.get(j, i)) > TOLERANCE) {
                    throw new IllegalArgumentException("ρ is not symmetric: ρ[" + i + "][" + j + "] = " + v + " but ρ[" + j + "][" + i + "] = " + rho.get(j, i));
                }
            }
        }
        double trace = CommonOps_DDRM.trace(rho);
        if (Math.abs(trace - 1.0) > TOLERANCE) {
            throw new IllegalArgumentException("ρ has trace " + trace + ", not 1");
        }
        double[] eigenvalues = Eigenvalues.symmetric(rho, "ρ");
        double smallest = Arrays.stream(eigenvalues).min().orElse(0);
        if (smallest < -TOLERANCE) {
            throw new IllegalArgumentException("ρ has eigenvalue " + smallest + " < 0: not positive semidefinite");
        }
        return new DensityMatrix(dims, null, rho.copy());
    }

    /**
     * {@return the almost-factored Z1R × Z1R state of eq. 2.26: ρ<sup>AFP</sup> = p|S0,S0⟩⟨S0,S0| + (1−p)/4
     * Σ<sub>s,t ∈ {S1,SR}</sub> |s,t⟩⟨s,t|, on 3 ⊗ 3 with states (S0, S1, SR)}
     *
     * @param p the weight of |S0,S0⟩, in [0, 1]
     */
    public static DensityMatrix afp(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p = " + p + " is not in [0, 1]");
        }
        double[] diag = new double[9];
        diag[0] = p;
        for (int s = 1; s < 3; s++) {
            for (int t = 1; t < 3; t++) {
                diag[s * 3 + t] = (1 - p) / 4;
            }
        }
        return new DensityMatrix(new int[] {3, 3}, diag, null);
    }

    private static void requireLength(int n, int[] dims) {
        long product = 1;
        for (int f = 0; f < dims.length; f++) {
            if (dims[f] <= 0) {
                throw new IllegalArgumentException("factor " + f + " has dimension " + dims[f]);
            }
            product *= dims[f];
        }
        if (dims.length == 0 || product != n) {
            throw new IllegalArgumentException("length " + n + " is not the product of the factor dimensions " + Arrays.toString(dims)
                    + " (= " + product + ")");
        }
    }

    /** {@return the factor dimensions} */
    public int[] dimensions() {
        return dims.clone();
    }

    /** {@return the total dimension Π d<sub>f</sub>} */
    public int dimension() {
        return diagonal != null ? diagonal.length : full.numRows;
    }

    /** {@return whether ρ is stored as a diagonal (classical) matrix} */
    public boolean isDiagonal() {
        return diagonal != null;
    }

    /** {@return the diagonal ρ<sub>ii</sub> (for a classical ρ, the joint distribution p<sub>w</sub>)} */
    public double[] diagonal() {
        if (diagonal != null) {
            return diagonal.clone();
        }
        double[] d = new double[dimension()];
        Arrays.setAll(d, i -> full.get(i, i));
        return d;
    }

    /** {@return ρ as a new dense matrix} */
    public DMatrixRMaj toDense() {
        if (full != null) {
            return full.copy();
        }
        return CommonOps_DDRM.diag(diagonal);
    }

    /** {@return the eigenvalues of ρ (for a diagonal ρ, its diagonal; else largest first)} */
    public double[] eigenvalues() {
        return diagonal != null ? diagonal.clone() : Eigenvalues.symmetric(full, "ρ");
    }

    /**
     * {@return the partial trace keeping the listed factors, in the order listed, tracing out the others:
     * ρ<sub>A</sub> = Tr<sub>B</sub> ρ<sub>AB</sub>} Keeping factors {0} of a two-factor ρ gives ρ<sub>A</sub>. This traces
     * an operator with the identity on the factors traced out; the factor marginal of a belief, a row vector contracted
     * with the other factors' |1⟩⟩, is {@link dev.ghmm.belief.FactorMarginals} (they agree for a diagonal ρ of HMM
     * factors only).
     *
     * @param keep the factors kept, in order
     */
    public DensityMatrix partialTrace(int... keep) {
        int[] order = keepOrder(keep);
        int[] keptDims = Arrays.stream(keep).map(f -> dims[f]).toArray();
        int keptSize = MixedRadix.size("the factors kept", keptDims);
        int n = dimension();
        int[] reduced = new int[n];
        int[] rest = new int[n];
        int[] tuple = new int[dims.length];
        for (int i = 0; i < n; i++) {
            decode(i, tuple);
            int r = 0;
            int o = 0;
            for (int f : keep) {
                r = r * dims[f] + tuple[f];
            }
            for (int f = 0; f < dims.length; f++) {
                if (order[f] < 0) {
                    o = o * dims[f] + tuple[f];
                }
            }
            reduced[i] = r;
            rest[i] = o;
        }
        if (diagonal != null) {
            double[] p = new double[keptSize];
            for (int i = 0; i < n; i++) {
                p[reduced[i]] += diagonal[i];
            }
            return new DensityMatrix(keptDims, p, null);
        }
        DMatrixRMaj out = new DMatrixRMaj(keptSize, keptSize);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (rest[i] == rest[j]) {
                    out.add(reduced[i], reduced[j], full.get(i, j));
                }
            }
        }
        return new DensityMatrix(keptDims, null, out);
    }

    private int[] keepOrder(int[] keep) {
        if (keep.length == 0) {
            throw new IllegalArgumentException("keep at least one factor");
        }
        int[] order = new int[dims.length];
        Arrays.fill(order, -1);
        for (int k = 0; k < keep.length; k++) {
            Checks.requireIndex("factor", keep[k], dims.length);
            if (order[keep[k]] >= 0) {
                throw new IllegalArgumentException("factor " + keep[k] + " is listed twice");
            }
            order[keep[k]] = k;
        }
        return order;
    }

    private void decode(int index, int[] tuple) {
        MixedRadix.decode(dims, index, tuple);
    }

    /**
     * {@return ρ ⊗ σ, with the factors of σ after those of ρ}
     *
     * @param other the other density matrix
     */
    public DensityMatrix tensor(DensityMatrix other) {
        int[] joined = new int[dims.length + other.dims.length];
        System.arraycopy(dims, 0, joined, 0, dims.length);
        System.arraycopy(other.dims, 0, joined, dims.length, other.dims.length);
        if (diagonal != null && other.diagonal != null) {
            return new DensityMatrix(joined, dev.ghmm.Vectors.kron(diagonal, other.diagonal), null);
        }
        return new DensityMatrix(joined, null, CommonOps_DDRM.kron(toDense(), other.toDense(), null));
    }

    /** {@return the product of the marginals ρ<sub>1</sub> ⊗ … ⊗ ρ<sub>F</sub>} */
    public DensityMatrix productOfMarginals() {
        DensityMatrix product = partialTrace(0);
        for (int f = 1; f < dims.length; f++) {
            product = product.tensor(partialTrace(f));
        }
        return product;
    }

    /**
     * {@return whether ρ = ρ<sub>1</sub> ⊗ … ⊗ ρ<sub>F</sub> within {@code tolerance} in every entry: uncorrelated
     * factors}
     *
     * @param tolerance absolute tolerance, finite and ≥ 0
     */
    public boolean isProduct(double tolerance) {
        return maxDifference(productOfMarginals()) <= Tolerances.require(tolerance);
    }

    /**
     * {@return max |ρ<sub>ij</sub> − σ<sub>ij</sub>|}
     *
     * @param other the other density matrix
     */
    public double maxDifference(DensityMatrix other) {
        requireSameShape(other);
        if (diagonal != null && other.diagonal != null) {
            double m = 0;
            for (int i = 0; i < diagonal.length; i++) {
                m = Math.max(m, Math.abs(diagonal[i] - other.diagonal[i]));
            }
            return m;
        }
        DMatrixRMaj d = new DMatrixRMaj(dimension(), dimension());
        CommonOps_DDRM.subtract(toDense(), other.toDense(), d);
        return CommonOps_DDRM.elementMaxAbs(d);
    }

    void requireSameShape(DensityMatrix other) {
        if (!Arrays.equals(dims, other.dims)) {
            throw new IllegalArgumentException("factor dimensions differ: " + Arrays.toString(dims) + " vs " + Arrays.toString(other.dims));
        }
    }

    /**
     * {@return the sector weights: the trace of ρ on each V<sub>σ</sub>, i.e. the coarse-grained joint
     * distribution over partition labels (section 2.3), as a diagonal density matrix on ⊗<sub>f</sub>
     * ℝ<sup>N<sub>f</sub></sup>}
     *
     * @param sectors the sector decomposition
     */
    public DensityMatrix sectorWeights(SectorDecomposition sectors) {
        if (!Arrays.equals(dims, sectors.dimensions())) {
            throw new IllegalArgumentException("ρ has factor dimensions " + Arrays.toString(dims) + " but the partitions have "
                    + Arrays.toString(sectors.dimensions()));
        }
        int[] counts = new int[dims.length];
        Arrays.setAll(counts, f -> sectors.factor(f).sectorCount());
        double[] d = diagonal();
        double[] w = new double[sectors.sectorCount()];
        for (int i = 0; i < d.length; i++) {
            w[sectors.partition().sectorOf(i)] += d[i];
        }
        return new DensityMatrix(counts, w, null);
    }

    /**
     * {@return whether ρ is block diagonal over the sectors (no coherence between two sectors beyond tolerance)} A
     * diagonal ρ always is.
     *
     * @param sectors the sector decomposition
     * @param tolerance absolute tolerance, finite and ≥ 0
     */
    public boolean respects(SectorDecomposition sectors, double tolerance) {
        if (diagonal != null) {
            return true;
        }
        for (int i = 0; i < dimension(); i++) {
            for (int j = 0; j < dimension(); j++) {
                if (sectors.partition().sectorOf(i) != sectors.partition().sectorOf(j) && Math.abs(full.get(i, j)) > tolerance) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "DensityMatrix(" + Arrays.toString(dims) + (diagonal != null ? ", diag " + Arrays.toString(diagonal) : ", dense") + ")";
    }
}
