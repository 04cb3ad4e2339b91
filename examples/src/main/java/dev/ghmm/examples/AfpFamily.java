package dev.ghmm.examples;

import dev.ghmm.factored.correlation.Measures;
import dev.ghmm.factored.density.DensityMatrix;

/** The almost-factored state ρ^AFP of eq. 2.26 as p varies: I(A:B) equals the binary entropy h(p). */
public final class AfpFamily {
    private AfpFamily() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("p      I(A:B) bits   h(p) bits    trace distance to rho_A x rho_B");
        for (int k = 0; k <= 10; k++) {
            double p = k / 10.0;
            DensityMatrix rho = DensityMatrix.afp(p);
            double h = p == 0 || p == 1 ? 0 : -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
            System.out.printf("%.1f    %.6f      %.6f     %.6f%n", p, Measures.mutualInformation(rho), h, Measures.distanceFromProduct(rho));
        }
    }
}
