package dev.ghmm.examples;

import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** A genuine GHMM with negative entries: a similarity transform of Mess3 gives the same word probabilities. */
public final class NegativeGhmm {
    private NegativeGhmm() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Ghmm mess = Catalogue.mess3(0.15, 0.6);
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{1, -0.3, 0.2}, {0.1, 1, -0.4}, {0.3, 0.2, 1}});
        DMatrixRMaj pInverse = p.copy();
        CommonOps_DDRM.invert(pInverse);
        GhmmBuilder b = Ghmm.builder().name("mess3-similar");
        for (int x = 0; x < 3; x++) {
            DMatrixRMaj t = new DMatrixRMaj(3, 3);
            DMatrixRMaj tp = new DMatrixRMaj(3, 3);
            CommonOps_DDRM.mult(mess.transfer(x).toDense(), p, tp);
            CommonOps_DDRM.mult(pInverse, tp, t);
            b.symbol(Integer.toString(x), t);
        }
        // |1>> and the initial vector are derived from the eigenvalue-1 eigenspaces of T
        Ghmm g = b.build();
        System.out.println(g + " has negative entries: T(0) = " + g.transfer(0).toDense());
        System.out.println("|1>> = " + Arrays.toString(g.one()));
        int[] w = {0, 2, 1, 1};
        System.out.println("Pr(0 2 1 1): Mess3 " + mess.probability(w) + ", transformed " + g.probability(w));
    }
}
