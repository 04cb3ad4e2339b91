package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Entropy;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.belief.NoisyChannel.Over;
import dev.ghmm.belief.NoisyChannel.Updates;
import dev.ghmm.belief.ZeroProbabilityException;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import dev.ghmm.testing.FactoredArbitraries;
import dev.ghmm.testing.ProcessArbitraries;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * Noisy channels against references built here from the definitions (docs/math.md, "Noisy channels"): sent updates
 * against the GHMM T′(x) = (1 − ε)T(x) + (ε/|𝒳|)Σ<sub>y</sub>T(y) materialised entry by entry from the clean joint
 * process (over the joint alphabet) or from each clean factor (over the factors); received updates against the clean
 * factors' own filters advanced on the received symbols, with the blurred probabilities computed from them.
 */
class NoisyProperties {

    @Provide
    Arbitrary<FactoredProcess> factored() {
        return FactoredArbitraries.factored(3, 2, 3);
    }

    @Provide
    Arbitrary<Process> plain() {
        return Arbitraries.oneOf(ProcessArbitraries.processes(3, 3).map(g -> (Process) g),
                ProcessArbitraries.directSums(2, 2).map(d -> (Process) d));
    }

    @Provide
    Arbitrary<Double> epsilons() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0.001, 1.0).ofScale(4), Arbitraries.just(1.0));
    }

    @Provide
    Arbitrary<List<Integer>> words() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(6);
    }

    /** The dense T′ of a GHMM, entry by entry. */
    static Ghmm blurred(Ghmm clean, double epsilon) {
        double[][][] t = new double[clean.symbols()][][];
        for (int x = 0; x < t.length; x++) {
            t[x] = clean.transfer(x).toArray();
        }
        int n = clean.states();
        double[][][] blurred = new double[t.length][n][n];
        for (int x = 0; x < t.length; x++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double total = 0.0;
                    for (double[][] ty : t) {
                        total += ty[i][j];
                    }
                    blurred[x][i][j] = (1 - epsilon) * t[x][i][j] + epsilon / t.length * total;
                }
            }
        }
        return Ghmm.builder().transfers(blurred).initial(clean.initial()).one(clean.one()).build();
    }

    private static double scale(double[] v) {
        return 1.0 + Arrays.stream(v).map(Math::abs).max().orElse(0);
    }

    /** The reference and the noisy filter agree on distributions, probabilities, beliefs and losses along the word. */
    private static void sameFilters(BeliefFilter reference, BeliefFilter noisy, int symbols, List<Integer> raw) {
        assertEquals(reference.dimension(), noisy.dimension());
        for (int r : raw) {
            int x = r % symbols;
            double[] expected = reference.nextSymbolDistribution();
            assertArrayEquals(expected, noisy.nextSymbolDistribution(), 1e-12);
            assertEquals(Entropy.of(expected, Entropy.Unit.NATS), noisy.nextSymbolEntropy(), 1e-12);
            if (expected[x] == 0.0) {
                return;
            }
            assertEquals(reference.update(x), noisy.update(x), 1e-12);
            double[] belief = reference.belief();
            assertArrayEquals(belief, noisy.belief(), 1e-12 * scale(belief));
        }
    }

    @Property(tries = 150)
    void sentOverTheJointAlphabetIsTheFilterOfTheMaterialisedT(@ForAll("factored") FactoredProcess p, @ForAll("epsilons") double epsilon,
                                                              @ForAll("words") List<Integer> raw) {
        NoisyProcess noisy = NoisyProcess.of(p, new NoisyChannel(epsilon, Over.JOINT, Updates.SENT));
        BeliefFilter filter = noisy.filter();
        sameFilters(blurred(p.joint(), epsilon).filter(), filter, p.symbols(), raw);
        double[] belief = filter.belief();
        double[][] marginals = new double[p.factorCount()][];
        for (int f = 0; f < p.factorCount(); f++) {
            marginals[f] = ProductFilterProperties.marginal(p, belief, f);
            double[] part = new double[filter.partDimension(f)];
            filter.part(f, part, 0);
            assertArrayEquals(marginals[f], part, 1e-12 * scale(belief), "factor " + f + " is the joint belief's marginal");
        }
        {
            double[] product = dev.ghmm.Vectors.kron(marginals);
            double gap = 0.0;
            for (int i = 0; i < belief.length; i++) {
                gap += Math.abs(belief[i] - product[i]);
            }
            assertEquals(gap, filter.factorGap(), 1e-12 * scale(belief));
            if (p.joint().isHmm()) {
                double divergence = 0.0;
                for (int i = 0; i < belief.length; i++) {
                    divergence += belief[i] > 0 ? belief[i] * Math.log(belief[i] / product[i]) : 0.0;
                }
                assertEquals(divergence, filter.factorDivergence(), 1e-12);
            }
        }
        assertEquals(blurred(p.joint(), epsilon).logProbability(word(p, raw)), noisy.logProbability(word(p, raw)), 1e-10);
    }

    /** Chains of up to five factors of up to three states: every mode of the joint belief, of every stride. */
    @Provide
    Arbitrary<FactoredProcess> chains() {
        return FactoredArbitraries.factored(FactoredArbitraries.ControlMap.CHAIN, 5, 3, 2).filter(p -> p.states() <= 243 && p.factorCount() >= 4);
    }

    @Property(tries = 15)
    void sentOverTheJointAlphabetOfLongChainsIsTheFilterOfTheMaterialisedT(@ForAll("chains") FactoredProcess p,
                                                                          @ForAll("epsilons") double epsilon,
                                                                          @ForAll("words") List<Integer> raw) {
        sameFilters(blurred(p.joint(), epsilon).filter(), NoisyProcess.of(p, new NoisyChannel(epsilon, Over.JOINT, Updates.SENT)).filter(),
                p.symbols(), raw);
    }

    @Property(tries = 100)
    void sentOverFactorsIsTheFactoredFilterOfBlurredFactors(@ForAll("factored") FactoredProcess p, @ForAll("epsilons") double epsilon,
                                                           @ForAll("words") List<Integer> raw) {
        FactoredProcess.Builder builder = FactoredProcess.builder();
        for (int f = 0; f < p.factorCount(); f++) {
            Ghmm[] variants = new Ghmm[p.variantCount(f)];
            for (int k = 0; k < variants.length; k++) {
                variants[k] = blurred(p.variant(f, k), epsilon);
            }
            builder.factor(variants);
            if (p.parents(f).length > 0) {
                builder.control(f, p.parents(f), p.controlTable(f));
            }
        }
        FactoredProcess reference = builder.build();
        BeliefFilter noisy = NoisyProcess.of(p, new NoisyChannel(epsilon, Over.FACTORS, Updates.SENT)).filter();
        sameFilters(reference.filter(), noisy, p.symbols(), raw);
        assertEquals(0.0, noisy.factorGap());
    }

    @Property(tries = 100)
    void aProcessWithoutFactorsIsItsBlurredGhmm(@ForAll("plain") Process p, @ForAll("epsilons") double epsilon,
                                               @ForAll("words") List<Integer> raw) {
        BeliefFilter noisy = NoisyProcess.of(p, new NoisyChannel(epsilon, Over.FACTORS, Updates.SENT)).filter();
        sameFilters(blurred(p.joint(), epsilon).filter(), noisy, p.symbols(), raw);
        assertEquals(p.filter().parts(), noisy.parts(), "a direct sum keeps its components as parts");
    }

    @Property(tries = 150)
    void receivedUpdatesAdvanceEveryFactorOnTheReceivedSymbol(@ForAll("factored") FactoredProcess p, @ForAll("epsilons") double epsilon,
                                                             @ForAll boolean joint, @ForAll("words") List<Integer> raw) {
        Over over = joint ? Over.JOINT : Over.FACTORS;
        BeliefFilter noisy = NoisyProcess.of(p, new NoisyChannel(epsilon, over, Updates.RECEIVED)).filter();
        int count = p.factorCount();
        BeliefFilter[][] factors = new BeliefFilter[count][];
        for (int f = 0; f < count; f++) {
            factors[f] = new BeliefFilter[p.variantCount(f)];
            for (int k = 0; k < factors[f].length; k++) {
                factors[f][k] = p.variant(f, k).filter();
            }
        }
        double[][] beliefs = new double[count][];
        for (int f = 0; f < count; f++) {
            beliefs[f] = p.variant(f, 0).initial();
        }
        int[] radix = Arrays.stream(p.factors().toArray(new Ghmm[0])).mapToInt(Ghmm::symbols).toArray();
        for (int r : raw) {
            double[] expected = new double[p.symbols()];
            for (int x = 0; x < expected.length; x++) {
                expected[x] = received(p, factors, beliefs, radix, x, epsilon, joint);
            }
            assertArrayEquals(expected, noisy.nextSymbolDistribution(), 1e-12);
            assertEquals(Entropy.of(expected, Entropy.Unit.NATS), noisy.nextSymbolEntropy(), 1e-12);
            int x = r % p.symbols();
            if (expected[x] == 0.0) {
                assertThrows(ZeroProbabilityException.class, () -> noisy.update(x));
                return;
            }
            assertEquals(expected[x], noisy.update(x), 1e-12);
            int[] tuple = p.decode(x);
            int[] variants = p.variantsOf(x);
            for (int f = 0; f < count; f++) {
                BeliefFilter clean = factors[f][variants[f]];
                clean.reset(beliefs[f]);
                if (clean.probability(tuple[f]) > 0.0) {
                    clean.update(tuple[f]);
                    beliefs[f] = clean.belief();
                }
                double[] part = new double[noisy.partDimension(f)];
                noisy.part(f, part, 0);
                assertArrayEquals(beliefs[f], part, 1e-12 * scale(beliefs[f]), "factor " + f);
            }
            assertEquals(0.0, noisy.factorGap());
        }
    }

    /** The received probability of x from the clean factors at their beliefs. */
    private static double received(FactoredProcess p, BeliefFilter[][] factors, double[][] beliefs, int[] radix, int x, double epsilon,
                                   boolean joint) {
        int[] tuple = p.decode(x);
        int[] variants = p.variantsOf(x);
        double v = 1.0;
        for (int f = 0; f < tuple.length; f++) {
            BeliefFilter clean = factors[f][variants[f]];
            clean.reset(beliefs[f]);
            double q = clean.probability(tuple[f]);
            v *= joint ? q : (1 - epsilon) * q + epsilon / radix[f];
        }
        return joint ? (1 - epsilon) * v + epsilon / p.symbols() : v;
    }

    /** Draws follow the distribution they report: frequencies of 20 000 draws from one belief within 5 standard errors. */
    @Property(tries = 20)
    void drawsFollowTheReportedDistribution(@ForAll("factored") FactoredProcess p, @ForAll("epsilons") double epsilon,
                                            @ForAll Over over, @ForAll Updates updates, @ForAll("words") List<Integer> raw) {
        BeliefFilter filter = NoisyProcess.of(p, new NoisyChannel(epsilon, over, updates)).filter();
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(raw.size() + 7L);
        for (int r : raw) {
            filter.sample(rng);
        }
        double[] belief = filter.belief();
        double[] q = filter.nextSymbolDistribution();
        int draws = 20_000;
        int[] counts = new int[q.length];
        BeliefFilter copy = NoisyProcess.of(p, new NoisyChannel(epsilon, over, updates)).filter();
        for (int i = 0; i < draws; i++) {
            copy.reset(belief);
            int x = copy.sample(rng);
            assertEquals(q[x], copy.lastProbability(), 1e-12);
            counts[x]++;
        }
        for (int x = 0; x < q.length; x++) {
            double sd = Math.sqrt(q[x] * (1 - q[x]) / draws);
            assertTrue(Math.abs(counts[x] / (double) draws - q[x]) <= 5 * sd + 1e-9, "symbol " + x + ": " + counts[x] + " of " + draws
                    + " draws, probability " + q[x]);
        }
    }

    @Test
    void epsilonOutsideTheUnitIntervalIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NoisyChannel(1.5, Over.JOINT, Updates.SENT));
        assertEquals("epsilon 1.5 is not in [0, 1]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NoisyChannel(-0.1, Over.JOINT, Updates.SENT));
        assertThrows(IllegalArgumentException.class, () -> new NoisyChannel(Double.NaN, Over.JOINT, Updates.SENT));
    }

    /** The parts of a noisy process's filter are the factors factorsOf names: of a factored process, not of a noisy one. */
    @Property(tries = 30)
    void factorsOfNamesTheFactorsOfTheFiltersParts(@ForAll("factored") FactoredProcess p, @ForAll Over over, @ForAll Updates updates) {
        NoisyProcess once = NoisyProcess.of(p, new NoisyChannel(0.2, over, updates));
        assertEquals(p, NoisyProcess.factorsOf(once).orElseThrow());
        BeliefFilter filter = once.filter();
        assertEquals(p.factorCount(), filter.parts());
        for (int f = 0; f < p.factorCount(); f++) {
            assertEquals(p.dimensions()[f], filter.partDimension(f));
        }
        assertTrue(NoisyProcess.factorsOf(NoisyProcess.of(once, new NoisyChannel(0.2, over, Updates.SENT))).isEmpty());
    }

    @Test
    void receivedUpdatesHaveNoFiniteGhmm() {
        NoisyProcess noisy = NoisyProcess.of(FactoredCatalogue.mess3Cubed(), new NoisyChannel(0.1, Over.JOINT, Updates.RECEIVED));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, noisy::joint);
        assertTrue(e.getMessage().contains("no finite GHMM"), e.getMessage());
    }

    /**
     * The chain of Shai et al. through the joint channel: the joint belief stops factoring after one symbol, and its
     * factor marginals are still probability vectors of the clean factors' state spaces.
     */
    @Test
    void theNoisyChainsBeliefDoesNotFactor() {
        FactoredProcess chain = FactoredCatalogue.mess3Cubed();
        BeliefFilter filter = NoisyProcess.of(chain, new NoisyChannel(0.1, Over.JOINT, Updates.SENT)).filter();
        assertEquals(0.0, filter.factorGap(), 1e-15);
        filter.update(chain.encode(0, 1, 2));
        assertTrue(filter.factorGap() > 1e-6, "gap " + filter.factorGap());
        assertTrue(filter.factorDivergence() > 0.0);
    }

    private static int[] word(FactoredProcess p, List<Integer> raw) {
        return raw.stream().mapToInt(r -> r % p.symbols()).toArray();
    }
}
