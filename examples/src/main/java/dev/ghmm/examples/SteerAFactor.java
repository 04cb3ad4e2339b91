package dev.ghmm.examples;

import dev.ghmm.Vectors;
import dev.ghmm.factored.density.DensityMatrix;
import dev.ghmm.factored.steering.Steering;
import java.util.Arrays;

/** Factor steering (section 1, steps 2–4) on a product belief and on an almost-factored one. */
public final class SteerAFactor {
    private SteerAFactor() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        double[] capability = {0.2, 0.5, 0.3};
        double[] aligned = {0.9, 0.1, 0.0};
        double[] eta = Vectors.kron(capability, aligned);
        Steering.Factorisation f = Steering.factorise(eta, 3, 3, Vectors.ones(3));
        System.out.println("product belief: exact = " + f.exact() + ", v_A = " + Arrays.toString(f.a()) + ", v_B = " + Arrays.toString(f.b()));
        double[] steered = f.withB(new double[] {0.0, 0.1, 0.9}).recompose();
        System.out.println("steered: rho_A = " + Arrays.toString(DensityMatrix.classical(steered, 3, 3).partialTrace(0).diagonal())
                + ", rho_B = " + Arrays.toString(DensityMatrix.classical(steered, 3, 3).partialTrace(1).diagonal()));
        Steering.Factorisation afp = Steering.factorise(DensityMatrix.afp(0.5).diagonal(), 3, 3, Vectors.ones(3));
        System.out.println("AFP belief: exact = " + afp.exact() + ", residual = " + afp.residual());
    }
}
