package dev.ghmm.factored.steering;

import dev.ghmm.Vectors;
import dev.ghmm.factored.correlation.Schmidt;
import dev.ghmm.factored.sector.SectorDecomposition;
import java.util.Arrays;

/**
 * Factor steering on the belief side (the AFP notes, section 1, steps 2–4): factorise η ≈ v<sub>A</sub> ⊗ v<sub>B</sub>,
 * replace or move one factor, recompose. The factorisation is exact when the Schmidt rank is 1 and the
 * best product approximation otherwise, with its residual reported.
 */
public final class Steering {
    /** Relative Schmidt coefficient below which a belief counts as a product. */
    public static final double RANK_TOLERANCE = 1e-10;

    private Steering() {
    }

    /**
     * A factorisation η ≈ v<sub>A</sub> ⊗ v<sub>B</sub> with v<sub>B</sub> scaled so ⟨v<sub>B</sub>|1<sub>B</sub>⟩ = 1 (a
     * belief on B), v<sub>A</sub> carrying the rest of the scale.
     *
     * @param a        v<sub>A</sub>
     * @param b        v<sub>B</sub>
     * @param residual ‖η − v<sub>A</sub> ⊗ v<sub>B</sub>‖<sub>2</sub>
     * @param exact    whether the Schmidt rank is 1, so that the residual is round-off only
     */
    public record Factorisation(double[] a, double[] b, double residual, boolean exact) {
        /**
         * Defensive copies.
         *
         * @param a        v<sub>A</sub>
         * @param b        v<sub>B</sub>
         * @param residual ‖η − v<sub>A</sub> ⊗ v<sub>B</sub>‖<sub>2</sub>
         * @param exact    whether the Schmidt rank is 1
         */
        public Factorisation {
            a = a.clone();
            b = b.clone();
        }

        /**
         * v<sub>A</sub> (a copy).
         *
         * @return v<sub>A</sub>
         */
        @Override
        public double[] a() {
            return a.clone();
        }

        /**
         * v<sub>B</sub> (a copy).
         *
         * @return v<sub>B</sub>
         */
        @Override
        public double[] b() {
            return b.clone();
        }

        /** Equal when v<sub>A</sub>, v<sub>B</sub>, the residual and exactness are, the vectors by content. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Factorisation f && Arrays.equals(a, f.a) && Arrays.equals(b, f.b) && Double.compare(residual, f.residual) == 0
                    && exact == f.exact;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * Arrays.hashCode(a) + Arrays.hashCode(b)) + Double.hashCode(residual)) + Boolean.hashCode(exact);
        }

        @Override
        public String toString() {
            return "Factorisation[a=" + Arrays.toString(a) + ", b=" + Arrays.toString(b) + ", residual=" + residual
                    + ", exact=" + exact + "]";
        }

        /** {@return v<sub>A</sub> ⊗ v<sub>B</sub>} */
        public double[] recompose() {
            return Vectors.kron(a, b);
        }

        /**
         * {@return the same factorisation with v<sub>B</sub> replaced: steering factor B}
         *
         * @param newB the new v_B
         */
        public Factorisation withB(double[] newB) {
            if (newB.length != b.length) {
                throw new IllegalArgumentException("new factor B has length " + newB.length + ", expected " + b.length);
            }
            return new Factorisation(a, newB.clone(), residual, exact);
        }

        /**
         * {@return the same factorisation with v<sub>A</sub> replaced: steering factor A}
         *
         * @param newA the new v_A
         */
        public Factorisation withA(double[] newA) {
            if (newA.length != a.length) {
                throw new IllegalArgumentException("new factor A has length " + newA.length + ", expected " + a.length);
            }
            return new Factorisation(newA.clone(), b, residual, exact);
        }
    }

    /**
     * Factorises η on A ⊗ B (step 2).
     *
     * @param oneB |1⟩⟩ of factor B (𝟏 for an HMM), used to scale v<sub>B</sub> to a belief
     * @throws IllegalArgumentException if the best product factor on B has ⟨v<sub>B</sub>|1<sub>B</sub>⟩ = 0
     * @param belief ⟨⟨η|, length S
     * @param dA d_A, the dimension of factor A
     * @param dB d_B, the dimension of factor B
     * @return the factorisation
     */
    public static Factorisation factorise(double[] belief, int dA, int dB, double[] oneB) {
        Schmidt schmidt = Schmidt.of(belief, dA, dB);
        double[] a = schmidt.left(0);
        Vectors.scale(a, schmidt.coefficients()[0]);
        double[] b = schmidt.right(0);
        double mass = Vectors.dot(b, oneB);
        if (Math.abs(mass) <= 1e-12) {
            throw new IllegalArgumentException("the product factor on B has ⟨v_B|1⟩⟩ = " + mass + ": cannot scale it to a belief");
        }
        Vectors.scale(b, 1.0 / mass);
        Vectors.scale(a, mass);
        return new Factorisation(a, b, schmidt.residual(), schmidt.rank(RANK_TOLERANCE) <= 1);
    }

    /**
     * Steers factor B of a bipartite belief to {@code newB} (steps 2–4): factorise, replace v<sub>B</sub>, recompose.
     *
     * @param belief ⟨⟨η|, length S
     * @param dA d_A, the dimension of factor A
     * @param dB d_B, the dimension of factor B
     * @param oneB |1⟩⟩ of factor B
     * @param newB the new v_B
     * @return the steered belief
     */
    public static double[] steerB(double[] belief, int dA, int dB, double[] oneB, double[] newB) {
        return factorise(belief, dA, dB, oneB).withB(newB).recompose();
    }

    /**
     * Factorises a block-diagonal belief sector by sector: for each sector σ = (i, j) of a two-factor
     * decomposition, the restriction of η to V<sub>σ</sub> = A<sub>i</sub> ⊗ B<sub>j</sub>, factorised on
     * |A<sub>i</sub>| × |B<sub>j</sub>|. A sector where η vanishes gets {@code null}.
     *
     * @param belief ⟨⟨η|, length S
     * @param sectors the sector decomposition
     * @param oneB |1⟩⟩ of factor B
     * @return the factorisation
     */
    public static Factorisation[] factoriseBySector(double[] belief, SectorDecomposition sectors, double[] oneB) {
        if (sectors.factorCount() != 2) {
            throw new IllegalArgumentException("sector-wise factorisation needs 2 factors, got " + sectors.factorCount());
        }
        Factorisation[] out = new Factorisation[sectors.sectorCount()];
        for (int s = 0; s < out.length; s++) {
            int[] sigma = sectors.tuple(s);
            int[] bStates = sectors.factor(1).sector(sigma[1]);
            int[] idx = sectors.partition().sector(s);
            double[] restricted = new double[idx.length];
            for (int k = 0; k < idx.length; k++) {
                restricted[k] = belief[idx[k]];
            }
            if (Vectors.maxAbs(restricted) == 0) {
                continue;
            }
            double[] oneRestricted = new double[bStates.length];
            for (int k = 0; k < bStates.length; k++) {
                oneRestricted[k] = oneB[bStates[k]];
            }
            out[s] = factorise(restricted, idx.length / bStates.length, bStates.length, oneRestricted);
        }
        return out;
    }
}
