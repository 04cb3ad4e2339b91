package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Entropy;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.NegativeProbabilityException;
import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.belief.NoisyChannel.Over;
import dev.ghmm.belief.NoisyChannel.Updates;
import dev.ghmm.belief.ZeroProbabilityException;
import dev.ghmm.process.Catalogue;
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
 * process (over the joint alphabet), against the product blur Σ<sub>y</sub>Π<sub>f</sub>B<sub>f</sub>(x<sub>f</sub> |
 * y<sub>f</sub>)T(y) (over independent factors) and against T″, the children following the parents' symbols received
 * (over the factors of a chain, which is not the product blur); received updates against the clean
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

    /**
     * The dense T′(x) = Σ<sub>y</sub> B(x | y) T(y) of the product blur B(x | y) = Π<sub>f</sub> B<sub>f</sub>(x<sub>f</sub> |
     * y<sub>f</sub>), B<sub>f</sub>(a | b) = (1 − ε)[a = b] + ε/|𝒳<sub>f</sub>|, entry by entry from the clean joint GHMM:
     * every factor's symbol sent by the clean process, then blurred.
     */
    static Ghmm productBlurred(FactoredProcess p, double epsilon) {
        Ghmm clean = p.joint();
        int[] radix = p.factors().stream().mapToInt(Ghmm::symbols).toArray();
        int n = clean.states();
        double[][][] t = new double[clean.symbols()][][];
        for (int y = 0; y < t.length; y++) {
            t[y] = clean.transfer(y).toArray();
        }
        double[][][] blurred = new double[t.length][n][n];
        for (int x = 0; x < t.length; x++) {
            int[] received = p.decode(x);
            for (int y = 0; y < t.length; y++) {
                int[] sent = p.decode(y);
                double b = 1.0;
                for (int f = 0; f < radix.length; f++) {
                    b *= (received[f] == sent[f] ? 1 - epsilon : 0.0) + epsilon / radix[f];
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        blurred[x][i][j] += b * t[y][i][j];
                    }
                }
            }
        }
        return Ghmm.builder().transfers(blurred).initial(clean.initial()).one(clean.one()).build();
    }

    @Provide
    Arbitrary<FactoredProcess> independent() {
        return FactoredArbitraries.factored(FactoredArbitraries.ControlMap.INDEPENDENT, 3, 3, 3);
    }

    /** Independent factors: sent over the factors is the filter of the product blur of the clean joint process. */
    @Property(tries = 100)
    void sentOverIndependentFactorsIsTheFilterOfTheProductBlur(@ForAll("independent") FactoredProcess p, @ForAll("epsilons") double epsilon,
                                                              @ForAll("words") List<Integer> raw) {
        NoisyProcess noisy = NoisyProcess.of(p, new NoisyChannel(epsilon, Over.FACTORS, Updates.SENT));
        Ghmm reference = productBlurred(p, epsilon);
        sameFilters(reference.filter(), noisy.filter(), p.symbols(), raw);
        assertEquals(reference.logProbability(word(p, raw)), noisy.logProbability(word(p, raw)), 1e-10);
    }

    /**
     * The dense T″(x) = ⊗<sub>f</sub> Σ<sub>a</sub> B<sub>f</sub>(x<sub>f</sub> | a) T<sup>f</sup><sub>k<sub>f</sub>(x)</sub>(a),
     * entry by entry from the clean variants: every factor's symbol is blurred, and a child's variant k<sub>f</sub>(x)
     * follows its parents' symbols received.
     */
    static Ghmm receivedParentsBlurred(FactoredProcess p, double epsilon) {
        Ghmm clean = p.joint();
        double[][][] blurred = new double[p.symbols()][][];
        for (int x = 0; x < blurred.length; x++) {
            int[] received = p.decode(x);
            int[] variants = p.variantsOf(x);
            double[][] kron = {{1.0}};
            for (int f = 0; f < received.length; f++) {
                Ghmm factor = p.variant(f, variants[f]);
                int d = factor.states();
                double[][] m = new double[d][d];
                for (int a = 0; a < factor.symbols(); a++) {
                    double b = (a == received[f] ? 1 - epsilon : 0.0) + epsilon / factor.symbols();
                    double[][] t = factor.transfer(a).toArray();
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            m[i][j] += b * t[i][j];
                        }
                    }
                }
                double[][] next = new double[kron.length * d][kron.length * d];
                for (int i = 0; i < next.length; i++) {
                    for (int j = 0; j < next.length; j++) {
                        next[i][j] = kron[i / d][j / d] * m[i % d][j % d];
                    }
                }
                kron = next;
            }
            blurred[x] = kron;
        }
        return Ghmm.builder().transfers(blurred).initial(clean.initial()).one(clean.one()).build();
    }

    /**
     * A chain: sent over the factors is not the product blur of the clean chain (whose child's variant follows the
     * parent's symbol sent) but T″, whose child's variant follows the parent's symbol received. Two Mess3 factors, the
     * child choosing among four Mess3 by [2, 3, 0] as in the chain of Shai et al., ε = 0.1, the word (0,0)(1,2)(2,2).
     */
    @Test
    void sentOverTheFactorsOfAChainIsNotTheProductBlur() {
        Ghmm[] mess3 = {Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.11, 0.79), Catalogue.mess3(0.5, 0.6), Catalogue.mess3(0.5, 0.21)};
        FactoredProcess chain = FactoredProcess.builder().factor(mess3[0]).factor(mess3).chain(1, new int[] {2, 3, 0}).build();
        double epsilon = 0.1;
        int[] word = {chain.encode(0, 0), chain.encode(1, 2), chain.encode(2, 2)};
        NoisyProcess factors = NoisyProcess.of(chain, new NoisyChannel(epsilon, Over.FACTORS, Updates.SENT));
        double pr = factors.probability(word);
        assertEquals(receivedParentsBlurred(chain, epsilon).probability(word), pr, 1e-15);
        double productBlur = productBlurred(chain, epsilon).probability(word);
        assertEquals(0.00108426430655965, pr, 1e-15);
        assertEquals(0.00110586522352342, productBlur, 1e-15);
        BeliefFilter exact = productBlurred(chain, epsilon).filter();
        exact.read(word);
        BeliefFilter filter = factors.filter();
        filter.read(word);
        double difference = maxDifference(exact.belief(), filter.belief());
        assertTrue(difference > 1e-3, "the beliefs differ too: " + difference);
    }

    /** Chains: sent over the factors is the filter of T″, whatever the tables. */
    @Property(tries = 60)
    void sentOverTheFactorsOfAChainIsTheFilterOfReceivedParents(@ForAll("chainsOfThree") FactoredProcess p, @ForAll("epsilons") double epsilon,
                                                               @ForAll("words") List<Integer> raw) {
        NoisyProcess noisy = NoisyProcess.of(p, new NoisyChannel(epsilon, Over.FACTORS, Updates.SENT));
        sameFilters(receivedParentsBlurred(p, epsilon).filter(), noisy.filter(), p.symbols(), raw);
    }

    @Provide
    Arbitrary<FactoredProcess> chainsOfThree() {
        return FactoredArbitraries.factored(FactoredArbitraries.ControlMap.CHAIN, 3, 3, 3);
    }

    private static double maxDifference(double[] a, double[] b) {
        double m = 0.0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
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

    /**
     * The joint channel with sent updates draws by contracting only the prefix it has drawn, whether or not the law was
     * tabulated at that belief (here it is, in one of the two filters): the same symbols whatever the outputs asked for,
     * the law's probabilities bit for bit and the same beliefs.
     */
    @Property(tries = 40)
    void aDrawAlongItsPrefixIsTheDrawFromTheTabulatedLaw(@ForAll("chains") FactoredProcess p, @ForAll("epsilons") double epsilon,
                                                         @ForAll("words") List<Integer> raw) {
        BeliefFilter alongPrefix = NoisyProcess.of(p, new NoisyChannel(epsilon, Over.JOINT, Updates.SENT)).filter();
        BeliefFilter fromLaw = NoisyProcess.of(p, new NoisyChannel(epsilon, Over.JOINT, Updates.SENT)).filter();
        UniformRandomProvider a = RandomSource.SPLIT_MIX_64.create(raw.size() + 11L);
        UniformRandomProvider b = RandomSource.SPLIT_MIX_64.create(raw.size() + 11L);
        for (int t = 0; t < 3 * raw.size() + 4; t++) {
            double[] law = fromLaw.nextSymbolDistribution();
            int x = fromLaw.sample(b);
            assertEquals(x, alongPrefix.sample(a), "symbol at position " + t);
            assertEquals(law[x], alongPrefix.lastProbability(), 0.0);
            assertArrayEquals(fromLaw.belief(), alongPrefix.belief());
        }
    }

    /**
     * Draws follow the distribution they report: frequencies of 20 000 draws from one belief within Bernstein's bound at
     * δ = 1e-9. The belief is reached by reading the same symbols again, not set, so each filter draws as it does in a
     * dataset (the joint channel with sent updates along its prefix; a belief set by the caller it draws from its table).
     */
    @Property(tries = 20)
    void drawsFollowTheReportedDistribution(@ForAll("factored") FactoredProcess p, @ForAll("epsilons") double epsilon,
                                            @ForAll Over over, @ForAll Updates updates, @ForAll("words") List<Integer> raw) {
        BeliefFilter filter = NoisyProcess.of(p, new NoisyChannel(epsilon, over, updates)).filter();
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(raw.size() + 7L);
        int[] read = new int[raw.size()];
        for (int t = 0; t < read.length; t++) {
            read[t] = filter.sample(rng);
        }
        double[] q = filter.nextSymbolDistribution();
        int draws = 20_000;
        int[] counts = new int[q.length];
        BeliefFilter copy = NoisyProcess.of(p, new NoisyChannel(epsilon, over, updates)).filter();
        for (int i = 0; i < draws; i++) {
            copy.reset();
            for (int x : read) {
                copy.update(x);
            }
            int x = copy.sample(rng);
            assertEquals(q[x], copy.lastProbability(), 1e-12);
            counts[x]++;
        }
        // Bernstein's inequality: |frequency − q| > sqrt(2·q(1−q)·ln(2/δ)/n) + 2·ln(2/δ)/(3n) has probability below δ,
        // for every q, however few the expected counts (a normal 5σ band is not a bound where q·n is small)
        double log = Math.log(2 / 1e-9);
        for (int x = 0; x < q.length; x++) {
            double variance = Math.max(0.0, q[x] * (1 - q[x])); // q may round to 1 + 2^-52
            double bound = Math.sqrt(2 * variance * log / draws) + 2 * log / (3.0 * draws);
            assertTrue(Math.abs(counts[x] / (double) draws - q[x]) <= bound, "symbol " + x + ": " + counts[x] + " of " + draws
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

    /**
     * A non-negative GHMM factor whose |1⟩⟩ is not 𝟏 (Mess3 conjugated by diag(1, 2, 3), D⁻¹T(x)D, so |1⟩⟩ = D⁻¹𝟏): its
     * beliefs are not probability vectors, so the divergence is NaN while the gap is defined.
     */
    @Test
    void theDivergenceIsNaNUnlessEveryFactorIsAnHmm() {
        Ghmm mess3 = Catalogue.mess3(0.15, 0.6);
        double[] d = {1, 2, 3};
        double[][][] t = new double[mess3.symbols()][][];
        for (int x = 0; x < t.length; x++) {
            t[x] = mess3.transfer(x).toArray();
            for (int i = 0; i < d.length; i++) {
                for (int j = 0; j < d.length; j++) {
                    t[x][i][j] *= d[j] / d[i];
                }
            }
        }
        Ghmm conjugated = Ghmm.builder().transfers(t).build();
        assertTrue(!conjugated.isHmm() && Arrays.stream(conjugated.one()).allMatch(v -> v > 0));
        FactoredProcess chain = FactoredProcess.of(conjugated, mess3);
        BeliefFilter filter = NoisyProcess.of(chain, new NoisyChannel(0.1, Over.JOINT, Updates.SENT)).filter();
        filter.update(chain.encode(0, 1));
        assertTrue(filter.factorGap() > 0.0);
        assertTrue(Double.isNaN(filter.factorDivergence()), "divergence " + filter.factorDivergence());
    }

    /**
     * A belief set by the caller that is no state of the process (uniform + (e₀ − e₈) over two mess3 factors: symbol 8
     * has probability −0.052 under ε = 0.5) is refused by a draw as by the law, though the drawn symbol's own
     * probability may be positive (the prefix draw, which checks only that, drew in 192 of 200 tries before).
     */
    @Test
    void aDrawFromABeliefThatIsNoStateIsRefused() {
        FactoredProcess pair = FactoredProcess.of(Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.15, 0.6));
        BeliefFilter filter = NoisyProcess.of(pair, new NoisyChannel(0.5, Over.JOINT, Updates.SENT)).filter();
        double[] belief = new double[9];
        Arrays.fill(belief, 1.0 / 9);
        belief[0] += 1;
        belief[8] -= 1;
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(3);
        for (int i = 0; i < 50; i++) {
            filter.reset(belief);
            assertThrows(NegativeProbabilityException.class, () -> filter.sample(rng));
        }
        filter.reset();
        filter.sample(rng);
    }

    private static int[] word(FactoredProcess p, List<Integer> raw) {
        return raw.stream().mapToInt(r -> r % p.symbols()).toArray();
    }
}
