package dev.ghmm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Vectors;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.operator.Invariance;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import dev.ghmm.testing.ProcessArbitraries.MatrixOperator;
import java.util.Arrays;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

/** What the arbitraries promise: valid processes, HMMs that are HMMs, GHMMs with negative entries, kept partitions. */
class ArbitrariesProperties {
    private static final double TOLERANCE = 1e-9;

    @Property(tries = 100)
    void hmmsAreHmmsAndValidGhmms(@ForAll("hmms") Ghmm hmm) {
        ProcessChecks.assertHmm(hmm, TOLERANCE);
        ProcessChecks.assertValidGhmm(hmm, 4, TOLERANCE);
    }

    @Provide
    Arbitrary<Ghmm> hmms() {
        return ProcessArbitraries.hmms(5, 3);
    }

    @Property(tries = 200)
    void ghmmsAreValidAndMostHaveNegativeEntries(@ForAll("ghmms") Ghmm ghmm) {
        ProcessChecks.assertValidGhmm(ghmm, 4, TOLERANCE);
        boolean negative = IntStream.range(0, ghmm.symbols()).anyMatch(x -> !ghmm.transfer(x).isNonNegative());
        Statistics.label("a negative entry").collect(negative).coverage(c -> c.check(true).percentage(p -> p > 30));
    }

    @Provide
    Arbitrary<Ghmm> ghmms() {
        return ProcessArbitraries.ghmms(5, 3);
    }

    @Property(tries = 100)
    void directSumsAreValidAndPreserveTheirSectors(@ForAll("directSums") DirectSum sum) {
        ProcessChecks.assertValidGhmm(sum, 3, TOLERANCE);
        ProcessChecks.assertPreserves(sum, sum.sectors(), 0);
    }

    @Provide
    Arbitrary<DirectSum> directSums() {
        return ProcessArbitraries.directSums(3, 3);
    }

    @Property(tries = 200)
    void preservingProcessesPreserveTheirPartitionAndAreValid(@ForAll("preserving") Tuple2<Partition, Ghmm> partitionAndProcess) {
        ProcessChecks.assertPreserves(partitionAndProcess.get2(), partitionAndProcess.get1(), 0);
        ProcessChecks.assertValidGhmm(partitionAndProcess.get2(), 3, TOLERANCE);
    }

    @Provide
    Arbitrary<Tuple2<Partition, Ghmm>> preserving() {
        return Arbitraries.integers().between(1, 6).flatMap(ProcessArbitraries::partitions)
                .flatMap(p -> Arbitraries.integers().between(1, 3).flatMap(x -> ProcessArbitraries.preserving(p, x)).map(g -> Tuple.of(p, g)));
    }

    @Property(tries = 200)
    void blockDiagonalOperatorsPreserveTheirPartition(@ForAll("blockDiagonal") Tuple2<Partition, MatrixOperator> partitionAndOperator) {
        assertTrue(Invariance.preserves(partitionAndOperator.get2().operator(), partitionAndOperator.get1(), 0));
    }

    @Provide
    Arbitrary<Tuple2<Partition, MatrixOperator>> blockDiagonal() {
        return Arbitraries.integers().between(1, 8).flatMap(ProcessArbitraries::partitions)
                .flatMap(p -> ProcessArbitraries.blockDiagonal(p).map(m -> Tuple.of(p, m)));
    }

    @Property(tries = 50)
    void factoredProcessesAreValidGhmms(@ForAll("factored") FactoredProcess p) {
        ProcessChecks.assertValidGhmm(p, 3, TOLERANCE);
    }

    @Provide
    Arbitrary<FactoredProcess> factored() {
        return FactoredArbitraries.factored(3, 2, 2);
    }

    @Property(tries = 100)
    void beliefsOfAProcessAreNormalisedAndPredictProbabilities(@ForAll("beliefsOf") Tuple2<Process, double[]> processAndBelief) {
        Process process = processAndBelief.get1();
        double[] belief = processAndBelief.get2();
        assertEquals(1, Vectors.dot(belief, process.joint().one()), 1e-9);
        double[] next = process.nextSymbolDistribution(belief);
        assertTrue(Arrays.stream(next).allMatch(q -> q > -1e-9), () -> Arrays.toString(next));
        assertEquals(1, Vectors.sum(next), 1e-9);
    }

    @Provide
    Arbitrary<Tuple2<Process, double[]>> beliefsOf() {
        return ProcessArbitraries.processes(4, 3).flatMap(g -> ProcessArbitraries.beliefsOf(g, 6).map(b -> Tuple.of(g, b)));
    }

    @Property(tries = 100)
    void possibleWordsArePossible(@ForAll("possibleWords") Tuple2<Process, int[]> processAndWord) {
        assertTrue(processAndWord.get1().probability(processAndWord.get2()) > 0);
    }

    @Provide
    Arbitrary<Tuple2<Process, int[]>> possibleWords() {
        return ProcessArbitraries.processes(4, 3).flatMap(g -> ProcessArbitraries.possibleWords(g, 8).map(w -> Tuple.of(g, w)));
    }
}
