package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.factored.correlation.Measures;
import dev.ghmm.factored.correlation.Schmidt;
import dev.ghmm.factored.density.DensityMatrix;
import dev.ghmm.factored.sector.SectorDecomposition;
import dev.ghmm.factored.steering.Steering;
import dev.ghmm.operator.Invariance;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.Words;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class FactoredTest {
    @Test
    void aProductIsNamedAfterEveryVariantWithSumsInParentheses() {
        // personas printed as "A + B x C + D" (read as A + (B x C) + D); a chain was named after variant 0 only
        assertEquals("(mess3:x=0.15,alpha=0.6 + mess3:x=0.05,alpha=0.85) x (coin:p=0.5 + coin:p=0.9)", FactoredCatalogue.personas().name());
        assertEquals(FactoredCatalogue.personas().name(), FactoredCatalogue.personas().joint().name());
        FactoredProcess chain = FactoredProcess.builder().factor(Catalogue.biasedCoin(0.5))
                .factor(Catalogue.zeroOneRandom(0.1), Catalogue.zeroOneRandom(0.9)).chain().build();
        assertEquals("coin:p=0.5 x {z1r:p=0.1 | z1r:p=0.9}", chain.name());
        assertEquals("z1r-prime x z1r-prime", FactoredCatalogue.z1rPrimeSquared().name());
        assertEquals("coin:p=0.2 + (z1r-prime x z1r-prime)",
                dev.ghmm.process.DirectSum.of(new double[] {0.5, 0.5}, Catalogue.biasedCoin(0.2), FactoredCatalogue.z1rPrimeSquared().joint()).name());
    }

    private static final double EPS = 1e-12;
    private static final Partition SPLIT = Partition.parse("0|1 2", 3);
    private static final SectorDecomposition SECTORS = SectorDecomposition.of(SPLIT, SPLIT);

    @Test
    void z1rPrimeSquaredAsFactoredProcess() {
        FactoredProcess fp = FactoredProcess.of(Catalogue.z1rPrime(), Catalogue.z1rPrime());
        Ghmm zz = Catalogue.z1rPrimeSquared();
        // eq. 2.20: A = (0,0), B = (0,1), C = (1,0), D = (1,1)
        assertEquals(1, fp.encode(0, 1));
        assertArrayEquals(new int[] {1, 0}, fp.decode(2));
        for (int[] w : Words.all(4, 3)) {
            assertEquals(zz.probability(w), fp.joint().probability(w), EPS);
        }
        BeliefFilter beliefs = fp.filter();
        int[] word = {0, 3, 2};
        for (int x : word) {
            beliefs.update(x);
        }
        assertArrayEquals(zz.beliefAfter(word), beliefs.belief(), EPS);
    }

    @Test
    void sectorsOfZ1rPrimeSquared() {
        assertArrayEquals(new int[] {1, 2, 2, 4}, SECTORS.partition().sectorSizes());
        assertArrayEquals(new int[] {1, 1}, SECTORS.tuple(3));
        assertArrayEquals(new int[] {4, 5, 7, 8}, SECTORS.partition().sector(3));
        assertTrue(Catalogue.z1rPrimeSquared().checkPartition(SECTORS.partition(), 0).preserved());
        Ghmm zz = Catalogue.z1rPrimeSquared();
        // uniform start: weights (1/9, 2/9, 2/9, 4/9)
        assertArrayEquals(new double[] {1.0 / 9, 2.0 / 9, 2.0 / 9, 4.0 / 9}, SECTORS.weights(zz.initial(), zz.one()), EPS);
        // after A = (0,0): each factor's belief is (1/3, 1/6, 0)/(1/2) = (2/3, 1/3, 0), so the weights are
        // (4/9, 2/9, 2/9, 1/9)
        assertArrayEquals(new double[] {4.0 / 9, 2.0 / 9, 2.0 / 9, 1.0 / 9}, SECTORS.weights(zz.beliefAfter(0), zz.one()), EPS);
    }

    @Test
    void fixingFactorBInItsSecondSector() {
        Ghmm zz = Catalogue.z1rPrimeSquared();
        int[] b2 = SECTORS.sectorsWhere(1, 1);
        assertArrayEquals(new int[] {1, 3}, b2);
        Ghmm fixed = SECTORS.restrict(zz, b2);
        // B in {S1, SR} never emits... it alternates, so B's symbols are never two 0s in a row; and the
        // weight of sectors with B in B1 stays 0 after every word of positive probability
        for (int[] w : Words.all(4, 3)) {
            if (fixed.probability(w) > 0) {
                double[] weights = SECTORS.weights(fixed.beliefAfter(w), fixed.one());
                assertEquals(0, weights[0] + weights[2], EPS);
            }
        }
    }

    @Test
    void afpFromBlocksAndAPerturbedOne() {
        Ghmm zz = Catalogue.z1rPrimeSquared();
        double[][][][] blocks = new double[4][4][][];
        for (int x = 0; x < 4; x++) {
            for (int s = 0; s < 4; s++) {
                blocks[x][s] = Invariance.block(zz.transfer(x), SECTORS.partition(), s).toDense().get2DData();
            }
        }
        Ghmm afp = SECTORS.process(Alphabet.of("A", "B", "C", "D"), blocks, zz.initial(), null);
        for (int[] w : Words.all(4, 3)) {
            assertEquals(zz.probability(w), afp.probability(w), EPS);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SECTORS.process(Alphabet.of("A", "B", "C", "D"), new double[4][3][][], null, null));
        assertTrue(e.getMessage().contains("3 blocks for 4 sectors"), e.getMessage());
        // a perturbed joint operator (one entry from V_11 into V_22) fails the check
        DMatrixRMaj t = zz.transfer(0).toDense();
        t.set(0, 8, 0.1);
        t.set(0, 0, 0.9);
        Ghmm perturbed = Ghmm.builder().symbol("A", t).symbol("B", zz.transfer(1)).symbol("C", zz.transfer(2)).symbol("D", zz.transfer(3))
                .initial(zz.initial()).one(zz.one()).build();
        assertEquals(1, perturbed.checkPartition(SECTORS.partition(), 1e-12).violations().size());
    }

    @Test
    void densityMatricesOfZ1rPrimeSquared() {
        Ghmm zz = Catalogue.z1rPrimeSquared();
        DensityMatrix rho = DensityMatrix.classical(zz.beliefAfter(0), 3, 3);
        // the factors are independent: ρ_A = ρ_B = diag(2/3, 1/3, 0) and I(A:B) = 0
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 0}, rho.partialTrace(0).diagonal(), EPS);
        assertTrue(rho.isProduct(1e-12));
        assertEquals(0, Measures.mutualInformation(rho), 1e-12);
        // sector weights (4/9, 2/9, 2/9, 1/9) = (2/3, 1/3) ⊗ (2/3, 1/3): sector labels independent too
        assertArrayEquals(new double[] {4.0 / 9, 2.0 / 9, 2.0 / 9, 1.0 / 9}, rho.sectorWeights(SECTORS).diagonal(), EPS);
        assertEquals(0, Measures.sectorMutualInformation(rho, SECTORS), 1e-12);
    }

    @Test
    void afpStateOfEquation226() {
        // ρ_A = ρ_B = diag(p, (1−p)/2, (1−p)/2); S(AB) = h(p) + 2(1−p), S(A) = h(p) + (1−p), so
        // I(A:B) = 2S(A) − S(AB) = h(p), the binary entropy
        double p = 0.3;
        double h = -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
        DensityMatrix rho = DensityMatrix.afp(p);
        assertEquals(h, Measures.mutualInformation(rho), 1e-12);
        assertEquals(h, Measures.sectorMutualInformation(rho, SECTORS), 1e-12);
        assertEquals(Measures.entropy(rho) * Math.log(2), Measures.entropy(rho, dev.ghmm.Entropy.Unit.NATS), 1e-12);
        assertFalse(rho.isProduct(1e-6));
        assertTrue(Measures.distanceFromProduct(rho) > 0);
        // dense storage gives the same measures
        DensityMatrix dense = DensityMatrix.of(rho.toDense(), 3, 3);
        assertEquals(h, Measures.mutualInformation(dense), 1e-9);
        assertEquals(Measures.distanceFromProduct(rho), Measures.distanceFromProduct(dense), 1e-9);
        // conditional entropy S(A|B) = S(AB) − S(B) = (h + 2(1−p)) − (h + (1−p)) = 1 − p
        assertEquals(1 - p, Measures.conditionalEntropy(rho, new int[] {0}, new int[] {1}), 1e-12);
    }

    @Test
    void schmidtOfAnEntangledAndAProductVector() {
        // (1,0,0,1)/√2 reshaped is I/√2: two coefficients 1/√2, rank 2, residual 1/√2
        double r = Math.sqrt(0.5);
        Schmidt bell = Schmidt.of(new double[] {r, 0, 0, r}, 2, 2);
        assertArrayEquals(new double[] {r, r}, bell.coefficients(), EPS);
        assertEquals(2, bell.rank(1e-10));
        assertEquals(r, bell.residual(), EPS);
        double[] product = dev.ghmm.Vectors.kron(new double[] {1, -2, 0.5}, new double[] {0.25, 0.75});
        Schmidt s = Schmidt.of(product, 3, 2);
        assertEquals(1, s.rank(1e-10));
        assertArrayEquals(product, s.productApproximation(), EPS);
        assertThrows(IllegalArgumentException.class, () -> Schmidt.of(new double[5], 2, 2));
    }

    @Test
    void steeringReplacesOneFactor() {
        double[] a = {0.2, 0.3, 0.5};
        double[] b = {0.6, 0.4, 0};
        double[] eta = dev.ghmm.Vectors.kron(a, b);
        Steering.Factorisation f = Steering.factorise(eta, 3, 3, dev.ghmm.Vectors.ones(3));
        assertTrue(f.exact());
        assertArrayEquals(a, f.a(), EPS);
        assertArrayEquals(b, f.b(), EPS);
        double[] steered = Steering.steerB(eta, 3, 3, dev.ghmm.Vectors.ones(3), new double[] {0, 0.5, 0.5});
        assertArrayEquals(dev.ghmm.Vectors.kron(a, new double[] {0, 0.5, 0.5}), steered, EPS);
        // the AFP state is not a product: the factorisation is approximate with a positive residual
        Steering.Factorisation approx = Steering.factorise(DensityMatrix.afp(0.5).diagonal(), 3, 3, dev.ghmm.Vectors.ones(3));
        assertFalse(approx.exact());
        assertTrue(approx.residual() > 0.1);
        // sector by sector each block of the AFP state is a product
        Steering.Factorisation[] bySector = Steering.factoriseBySector(DensityMatrix.afp(0.5).diagonal(), SECTORS, dev.ghmm.Vectors.ones(3));
        assertTrue(bySector[0].exact());
        assertEquals(null, bySector[1]);
        assertTrue(bySector[3].exact());
    }

    @Test
    void rejectsBadInput() {
        assertMessage(() -> DensityMatrix.classical(new double[8], 3, 3), "length 8 is not the product");
        assertMessage(() -> DensityMatrix.classical(new double[] {1.5, -0.5}, 2), "belief[1] = -0.5 is negative");
        assertMessage(() -> DensityMatrix.of(new DMatrixRMaj(new double[][] {{0.5, 0.1}, {0.2, 0.5}}), 2), "not symmetric");
        assertMessage(() -> DensityMatrix.of(new DMatrixRMaj(new double[][] {{0.5, 0}, {0, 0.6}}), 2), "trace 1.1");
        assertMessage(() -> DensityMatrix.of(new DMatrixRMaj(new double[][] {{0.5, 0.9}, {0.9, 0.5}}), 2), "eigenvalue -0.39");
        assertMessage(() -> Catalogue.z1r().checkPartition(SECTORS.partition(), 0), "the process has 3 states but the partition has 9");
        assertMessage(() -> FactoredProcess.of(Catalogue.z1r()), "at least 2 factors");
        assertMessage(() -> DensityMatrix.afp(0.5).sectorWeights(SectorDecomposition.of(SPLIT, Partition.trivial(2))), "factor dimensions [3, 3]");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
    }
}
