package dev.ghmm.factored;

import dev.ghmm.belief.BeliefFilter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Vectors;
import dev.ghmm.factored.correlation.Measures;
import dev.ghmm.factored.correlation.Schmidt;
import dev.ghmm.factored.density.DensityMatrix;
import dev.ghmm.factored.sector.AlmostFactoredProcess;
import dev.ghmm.factored.sector.SectorDecomposition;
import dev.ghmm.factored.steering.Steering;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.RandomProcesses;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;

/** The laws of sections 2.2–2.3 on random processes and states. */
class FactoredProperties {

    private static double[] distribution(Random random, int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextDouble() < 0.2 ? 0 : random.nextDouble();
        }
        p[random.nextInt(n)] += 0.1;
        Vectors.scale(p, 1 / Vectors.sum(p));
        return p;
    }

    @Property(tries = 50)
    void productProcessKeepsBeliefsProducts(@ForAll long seed) {
        Random random = new Random(seed);
        int dA = 1 + random.nextInt(3);
        int dB = 1 + random.nextInt(3);
        FactoredProcess fp = FactoredProcess.of(RandomProcesses.hmm(random, dA, 2), RandomProcesses.hmm(random, dB, 2));
        BeliefFilter beliefs = fp.filter();
        BeliefFilter jointFilter = fp.joint().filter();
        for (int step = 0; step < 6; step++) {
            double[] dist = jointFilter.nextSymbolDistribution();
            int x = 0;
            double u = random.nextDouble();
            while (x < dist.length - 1 && (u -= dist[x]) > 0 || dist[x] == 0) {
                x++;
            }
            assertEquals(jointFilter.update(x), beliefs.update(x), 1e-12);
            double[] joint = jointFilter.belief();
            assertArrayEquals(joint, beliefs.belief(), 1e-12);
            DensityMatrix rho = DensityMatrix.classical(joint, dA, dB);
            assertEquals(0, Measures.mutualInformation(rho), 1e-9);
            assertEquals(1, Schmidt.of(joint, dA, dB).rank(1e-8));
        }
    }

    @Property(tries = 200)
    void mutualInformationIsBounded(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int dA, @ForAll @IntRange(min = 1, max = 4) int dB) {
        Random random = new Random(seed);
        DensityMatrix rho = DensityMatrix.classical(distribution(random, dA * dB), dA, dB);
        double i = Measures.mutualInformation(rho);
        assertTrue(i >= 0);
        assertTrue(i <= Math.min(Measures.entropy(rho.partialTrace(0)), Measures.entropy(rho.partialTrace(1))) + 1e-12);
        assertTrue(Measures.totalCorrelation(rho) >= i - 1e-12);
    }

    @Property(tries = 200)
    void partialTraceOfAProduct(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int dA, @ForAll @IntRange(min = 1, max = 4) int dB) {
        Random random = new Random(seed);
        DensityMatrix a = DensityMatrix.classical(distribution(random, dA), dA);
        DensityMatrix b = DensityMatrix.classical(distribution(random, dB), dB);
        assertEquals(0, a.tensor(b).partialTrace(0).maxDifference(a), 1e-12);
        assertEquals(0, a.tensor(b).partialTrace(1).maxDifference(b), 1e-12);
        // the same through dense storage (a general symmetric ρ)
        DensityMatrix dense = DensityMatrix.of(a.tensor(b).toDense(), dA, dB);
        assertEquals(0, dense.partialTrace(0).maxDifference(DensityMatrix.of(a.toDense(), dA)), 1e-12);
        assertTrue(dense.isProduct(1e-12));
    }

    @Property(tries = 100)
    void afpStateIsCorrelatedAndBlockDiagonal(@ForAll @DoubleRange(min = 0.01, max = 0.99) double p) {
        DensityMatrix rho = DensityMatrix.afp(p);
        assertTrue(Measures.mutualInformation(rho) > 0);
        Partition split = Partition.parse("0|1 2", 3);
        SectorDecomposition sectors = SectorDecomposition.of(split, split);
        assertTrue(rho.respects(sectors, 0));
        // all mass on the matched sectors V_11 and V_22
        double[] w = rho.sectorWeights(sectors).diagonal();
        assertEquals(0, w[1] + w[2], 0);
        assertEquals(1, w[0] + w[3], 1e-12);
    }

    @Property(tries = 100)
    void steeringAProductChangesOnlyTheSteeredMarginal(@ForAll long seed) {
        Random random = new Random(seed);
        int dA = 1 + random.nextInt(4);
        int dB = 1 + random.nextInt(4);
        double[] a = distribution(random, dA);
        double[] b = distribution(random, dB);
        double[] newB = distribution(random, dB);
        double[] steered = Steering.steerB(Vectors.kron(a, b), dA, dB, Vectors.ones(dB), newB);
        DensityMatrix rho = DensityMatrix.classical(steered, dA, dB);
        assertArrayEquals(a, rho.partialTrace(0).diagonal(), 1e-12);
        assertArrayEquals(newB, rho.partialTrace(1).diagonal(), 1e-12);
    }

    @Property(tries = 50)
    void afpFromRandomBlocksIsPreservedAndAPerturbationIsNot(@ForAll long seed) {
        Random random = new Random(seed);
        Partition pa = Partition.contiguous(1, 1 + random.nextInt(2));
        Partition pb = Partition.fromLabels(new int[] {1, 0, 1});
        SectorDecomposition sectors = SectorDecomposition.of(pa, pb);
        int symbols = 2;
        double[][][][] blocks = new double[symbols][sectors.sectorCount()][][];
        for (int s = 0; s < sectors.sectorCount(); s++) {
            double[][][] hmm = RandomProcesses.hmmMatrices(random, sectors.dimension(s), symbols);
            for (int x = 0; x < symbols; x++) {
                blocks[x][s] = hmm[x];
            }
        }
        int n = sectors.joint().states();
        double[] initial = distribution(random, n);
        Ghmm afp = AlmostFactoredProcess.fromBlocks(sectors, Alphabet.numbered(symbols), blocks, initial, null);
        assertTrue(sectors.check(afp, 1e-12).preserved());
        // move mass of one entry across sectors, keeping rows stochastic
        DMatrixRMaj t = afp.transfer(0).toDense();
        int i = random.nextInt(n);
        int j;
        do {
            j = random.nextInt(n);
        } while (sectors.joint().sectorOf(i) == sectors.joint().sectorOf(j));
        int k = 0;
        while (t.get(i, k) == 0 && k < n - 1) {
            k++;
        }
        Assume.that(t.get(i, k) > 0);
        double moved = t.get(i, k) / 2;
        t.add(i, k, -moved);
        t.add(i, j, moved);
        Ghmm perturbed = Ghmm.builder().symbol("0", t).symbol("1", afp.transfer(1)).initial(initial).build();
        assertFalse(sectors.check(perturbed, 1e-12).preserved());
    }
}
