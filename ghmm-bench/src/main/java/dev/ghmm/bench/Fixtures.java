package dev.ghmm.bench;

import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import java.util.Random;

/** Deterministic inputs shared by the benchmarks. */
final class Fixtures {
    private Fixtures() {
    }

    /** A random n×n row-stochastic matrix with about {@code density}·n² non-zeros (at least one per row). */
    static double[][] stochastic(int n, double density, long seed) {
        Random random = new Random(seed);
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (int j = 0; j < n; j++) {
                if (random.nextDouble() < density || j == i) {
                    m[i][j] = random.nextDouble();
                    total += m[i][j];
                }
            }
            for (int j = 0; j < n; j++) {
                m[i][j] /= total;
            }
        }
        return m;
    }

    /** A normalised random positive vector of length n. */
    static double[] belief(int n, long seed) {
        Random random = new Random(seed);
        double[] v = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble();
            total += v[i];
        }
        for (int i = 0; i < n; i++) {
            v[i] /= total;
        }
        return v;
    }

    /** The factor of a Kronecker benchmark: Z1R′'s net operator T′ (eq. 2.18, sparse) or Mess3's (dense). */
    /**
     * The processes of ProcessBench: catalogue GHMMs by name, and the factored processes of FactoredCatalogue
     * ("z1r-prime-squared", "mess3-cubed", "shai-chain", "personas").
     */
    static dev.ghmm.process.Process process(String name) {
        return switch (name) {
            case "z1r-prime-squared" -> dev.ghmm.factored.FactoredCatalogue.z1rPrimeSquared();
            case "mess3-cubed" -> dev.ghmm.factored.FactoredCatalogue.mess3Cubed();
            case "shai-chain" -> dev.ghmm.factored.FactoredCatalogue.shaiChain();
            case "personas" -> dev.ghmm.factored.FactoredCatalogue.personas();
            default -> dev.ghmm.process.Catalogue.byName(name);
        };
    }

    /**
     * Multiply-adds per token of the belief path: S·|X| for the next-symbol distribution and S² for the update of a
     * GHMM; Σ<sub>f</sub> (|X<sub>f</sub>| + d<sub>f</sub>)·d<sub>f</sub> for a factored process read factor by factor.
     */
    static double multiplyAddsPerToken(dev.ghmm.process.Process p) {
        if (p instanceof dev.ghmm.factored.FactoredProcess f) {
            double sum = 0;
            for (int k = 0; k < f.factorCount(); k++) {
                double d = f.factor(k).states();
                sum += (f.factor(k).symbols() + d) * d;
            }
            return sum;
        }
        double s = p.states();
        return s * s + s * p.symbols();
    }

    static Operator factor(String name) {
        return switch (name) {
            case "z1r-prime" -> Operators.sparse(dev.ghmm.process.Catalogue.z1rPrime().net().toSparse());
            case "mess3" -> Operators.dense(dev.ghmm.process.Catalogue.mess3(0.15, 0.6).net().toDense());
            default -> throw new IllegalArgumentException("unknown factor " + name);
        };
    }
}
