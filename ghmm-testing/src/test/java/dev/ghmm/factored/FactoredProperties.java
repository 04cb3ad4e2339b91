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
import dev.ghmm.factored.sector.SectorDecomposition;
import dev.ghmm.factored.steering.Steering;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.ProcessArbitraries;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.constraints.DoubleRange;
import org.ejml.data.DMatrixRMaj;

/** The laws of sections 2.2–2.3 on random processes and states. */
class FactoredProperties {

    /** Two independent HMM factors, 1 to 3 states each over 2 symbols, and a word of up to 6 symbols they can emit. */
    @Provide
    Arbitrary<Tuple2<FactoredProcess, int[]>> productsAndWords() {
        Arbitrary<Ghmm> factor = Arbitraries.integers().between(1, 3).flatMap(s -> ProcessArbitraries.hmmsOf(s, 2));
        return Combinators.combine(factor, factor).as((a, b) -> FactoredProcess.of(a, b))
                .flatMap(fp -> ProcessArbitraries.possibleWords(fp.joint(), 6).map(w -> Tuple.of(fp, w)));
    }

    @Property(tries = 50)
    void productProcessKeepsBeliefsProducts(@ForAll("productsAndWords") Tuple2<FactoredProcess, int[]> productAndWord) {
        FactoredProcess fp = productAndWord.get1();
        int dA = fp.dimensions()[0];
        int dB = fp.dimensions()[1];
        BeliefFilter beliefs = fp.filter();
        BeliefFilter jointFilter = fp.joint().filter();
        for (int x : productAndWord.get2()) {
            assertEquals(jointFilter.update(x), beliefs.update(x), 1e-12);
            double[] joint = jointFilter.belief();
            assertArrayEquals(joint, beliefs.belief(), 1e-12);
            DensityMatrix rho = DensityMatrix.classical(joint, dA, dB);
            assertEquals(0, Measures.mutualInformation(rho), 1e-9);
            assertEquals(1, Schmidt.of(joint, dA, dB).rank(1e-8));
        }
    }

    /** A joint distribution on dA × dB states, dA, dB ∈ [1, 4]. */
    @Provide
    Arbitrary<Tuple3<Integer, Integer, double[]>> jointDistributions() {
        Arbitrary<Integer> d = Arbitraries.integers().between(1, 4);
        return Combinators.combine(d, d).flatAs((dA, dB) -> ProcessArbitraries.beliefs(dA * dB).map(p -> Tuple.of(dA, dB, p)));
    }

    @Property(tries = 200)
    void mutualInformationIsBounded(@ForAll("jointDistributions") Tuple3<Integer, Integer, double[]> joint) {
        DensityMatrix rho = DensityMatrix.classical(joint.get3(), joint.get1(), joint.get2());
        double i = Measures.mutualInformation(rho);
        assertTrue(i >= 0);
        assertTrue(i <= Math.min(Measures.entropy(rho.partialTrace(0)), Measures.entropy(rho.partialTrace(1))) + 1e-12);
        assertTrue(Measures.totalCorrelation(rho) >= i - 1e-12);
    }

    /** A distribution on 1 to 4 states. */
    @Provide
    Arbitrary<double[]> distributions() {
        return Arbitraries.integers().between(1, 4).flatMap(ProcessArbitraries::beliefs);
    }

    @Property(tries = 200)
    void partialTraceOfAProduct(@ForAll("distributions") double[] pa, @ForAll("distributions") double[] pb) {
        int dA = pa.length;
        int dB = pb.length;
        DensityMatrix a = DensityMatrix.classical(pa, dA);
        DensityMatrix b = DensityMatrix.classical(pb, dB);
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

    /** Two distributions b and b′ on 1 to 4 states, of one size. */
    @Provide
    Arbitrary<List<double[]>> distributionPairs() {
        return Arbitraries.integers().between(1, 4).flatMap(d -> ProcessArbitraries.beliefs(d).list().ofSize(2));
    }

    @Property(tries = 100)
    void steeringAProductChangesOnlyTheSteeredMarginal(@ForAll("distributions") double[] a, @ForAll("distributionPairs") List<double[]> bs) {
        int dA = a.length;
        double[] b = bs.get(0);
        double[] newB = bs.get(1);
        int dB = b.length;
        double[] steered = Steering.steerB(Vectors.kron(a, b), dA, dB, Vectors.ones(dB), newB);
        DensityMatrix rho = DensityMatrix.classical(steered, dA, dB);
        assertArrayEquals(a, rho.partialTrace(0).diagonal(), 1e-12);
        assertArrayEquals(newB, rho.partialTrace(1).diagonal(), 1e-12);
    }

    /**
     * The sectors of the factor partitions "0 | 1" or "0 | 1 2", and "1 | 0 2"; an almost factored process over 2
     * symbols from HMM blocks, one per sector, and an initial distribution; the position (i, j) of an off-sector entry.
     */
    @Provide
    Arbitrary<Tuple3<SectorDecomposition, Ghmm, int[]>> afpsAndOffSectorEntries() {
        return Arbitraries.integers().between(1, 2).flatMap(secondSectorOfA -> {
            SectorDecomposition sectors = SectorDecomposition.of(Partition.contiguous(1, secondSectorOfA), Partition.fromLabels(new int[] {1, 0, 1}));
            int symbols = 2;
            int n = sectors.partition().states();
            List<Arbitrary<double[][][]>> hmms = new ArrayList<>();
            for (int s = 0; s < sectors.sectorCount(); s++) {
                hmms.add(ProcessArbitraries.transfers(sectors.dimension(s), symbols));
            }
            List<int[]> offSector = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (sectors.partition().sectorOf(i) != sectors.partition().sectorOf(j)) {
                        offSector.add(new int[] {i, j});
                    }
                }
            }
            Arbitrary<Ghmm> afps = Combinators.combine(Combinators.combine(hmms).as(list -> list), ProcessArbitraries.beliefs(n)).as((list, initial) -> {
                double[][][][] blocks = new double[symbols][sectors.sectorCount()][][];
                for (int s = 0; s < sectors.sectorCount(); s++) {
                    for (int x = 0; x < symbols; x++) {
                        blocks[x][s] = list.get(s)[x];
                    }
                }
                return sectors.process(Alphabet.numbered(symbols), blocks, initial, null);
            });
            return Combinators.combine(afps, Arbitraries.of(offSector)).as((afp, ij) -> Tuple.of(sectors, afp, ij));
        });
    }

    @Property(tries = 50)
    void afpFromRandomBlocksIsPreservedAndAPerturbationIsNot(
            @ForAll("afpsAndOffSectorEntries") Tuple3<SectorDecomposition, Ghmm, int[]> afpAndEntry) {
        SectorDecomposition sectors = afpAndEntry.get1();
        Ghmm afp = afpAndEntry.get2();
        int n = afp.states();
        assertTrue(afp.checkPartition(sectors.partition(), 1e-12).preserved());
        // move mass of one entry of row i across sectors, to column j, keeping rows stochastic
        DMatrixRMaj t = afp.transfer(0).toDense();
        int i = afpAndEntry.get3()[0];
        int j = afpAndEntry.get3()[1];
        int k = 0;
        while (t.get(i, k) == 0 && k < n - 1) {
            k++;
        }
        Assume.that(t.get(i, k) > 0);
        double moved = t.get(i, k) / 2;
        t.add(i, k, -moved);
        t.add(i, j, moved);
        Ghmm perturbed = Ghmm.builder().symbol("0", t).symbol("1", afp.transfer(1)).initial(afp.initial()).build();
        assertFalse(perturbed.checkPartition(sectors.partition(), 1e-12).preserved());
    }
}
