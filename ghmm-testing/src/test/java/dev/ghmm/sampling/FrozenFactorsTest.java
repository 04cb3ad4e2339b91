package dev.ghmm.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.MixedRadix;
import dev.ghmm.Seeds;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import dev.ghmm.testing.WordFrequencies;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Vary-one datasets: {@link Datasets.Freeze}. */
class FrozenFactorsTest {
    private static final Set<Datasets.Output> ALL = EnumSet.allOf(Datasets.Output.class);

    /** paths[k][f]: factor f's symbols in sequence k of the block. */
    private static int[][][] factorPaths(FactoredProcess p, Datasets.Block b) {
        int[] radix = new int[p.factorCount()];
        for (int f = 0; f < radix.length; f++) {
            radix[f] = p.factor(f).symbols();
        }
        int[][][] paths = new int[b.count()][radix.length][b.length()];
        int[] digits = new int[radix.length];
        for (int k = 0; k < b.count(); k++) {
            for (int t = 0; t < b.length(); t++) {
                MixedRadix.decode(radix, b.tokens()[k * b.length() + t], digits);
                for (int f = 0; f < radix.length; f++) {
                    paths[k][f][t] = digits[f];
                }
            }
        }
        return paths;
    }

    /**
     * Within a group the frozen factors' paths are equal, and nothing else is: the varying factors' paths differ
     * between any two sequences, and the frozen paths between any two groups (each of 30 symbols from distributions
     * whose largest probability is below 0.8, so two equal paths by chance have probability below 0.8^30 ≈ 1e-3 per
     * pair; the seed is fixed).
     */
    @Test
    void frozenGroupsShareExactlyTheirFrozenFactorsSymbolsAndNothingElse() {
        for (FactoredProcess p : new FactoredProcess[] {FactoredCatalogue.mess3Cubed(), FactoredCatalogue.shaiChain()}) {
            int[] frozen = p.factorCount() == 3 ? new int[] {1} : new int[] {0, 1};
            int groups = 4;
            Datasets.Block b = Datasets.generate(p, new Datasets.Freeze(frozen, groups), ALL, 6, 24, 30, 7L, 3);
            int[][][] paths = factorPaths(p, b);
            for (int i = 0; i < b.count(); i++) {
                for (int j = i + 1; j < b.count(); j++) {
                    boolean sameGroup = (6 + i) % groups == (6 + j) % groups;
                    for (int f = 0; f < p.factorCount(); f++) {
                        boolean isFrozen = Arrays.binarySearch(frozen, f) >= 0;
                        boolean equal = Arrays.equals(paths[i][f], paths[j][f]);
                        assertEquals(isFrozen && sameGroup, equal, p.name() + ": factor " + f + " of sequences " + (6 + i) + " and " + (6 + j));
                    }
                }
            }
        }
    }

    /** The recorded outputs are the filter's reading of each sequence's joint symbols, as without freezing. */
    @Test
    void beliefsAreTheExactPosteriorOfWhatEachSequenceSaw() {
        FactoredProcess p = FactoredCatalogue.shaiChain();
        int length = 12;
        Datasets.Block b = Datasets.generate(p, new Datasets.Freeze(new int[] {0}, 3), ALL, 0, 6, length, 11L, 2);
        int n = p.states();
        for (int k = 0; k < b.count(); k++) {
            BeliefFilter filter = p.filter();
            double log = 0.0;
            for (int t = 0; t < length; t++) {
                assertArrayEquals(filter.belief(), Arrays.copyOfRange(b.beliefs(), (k * (length + 1) + t) * n, (k * (length + 1) + t + 1) * n), 1e-12);
                assertArrayEquals(filter.nextSymbolDistribution(), Arrays.copyOfRange(b.next(), (k * length + t) * p.symbols(),
                        (k * length + t + 1) * p.symbols()), 1e-12);
                log += Math.log(filter.update(b.tokens()[k * length + t]));
                assertEquals(log, b.logprob()[k * length + t], 1e-9);
            }
        }
    }

    /**
     * One sequence per group: every sequence is then an independent draw, and its words follow the process's law
     * (the frozen path from the frozen factors' marginal, the others given it): the chi-square test of the 3-symbol
     * words of 40000 sequences against exact Pr(w).
     */
    @Test
    void eachSequenceFollowsTheProcessLaw() {
        int n = 40_000;
        Ghmm[] mess3 = {Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.11, 0.79), Catalogue.mess3(0.5, 0.21)};
        // 0 → 1 → 2: 27 joint symbols, 729 words of length 2
        FactoredProcess chain = FactoredProcess.builder().factor(mess3[0]).factor(mess3).chain(1, new int[] {2, 0, 1}).factor(mess3)
                .chain(2, new int[] {1, 2, 0}).build();
        for (int[] frozen : new int[][] {{0}, {0, 1}}) {
            Datasets.Block b = Datasets.generate(chain, new Datasets.Freeze(frozen, n), EnumSet.noneOf(Datasets.Output.class), 0, n, 2, 5L, 2);
            assertTrue(WordFrequencies.pValue(chain, b.tokens(), n, 2) > 1e-3, Arrays.toString(frozen));
        }
    }

    /** The same bytes whatever the threads and shards, and a group's frozen path does not depend on K. */
    @Test
    void sameSeedSameSequencesWhateverTheThreadsShardsAndGroupCount() {
        FactoredProcess p = FactoredCatalogue.mess3Cubed();
        Datasets.Freeze freeze = new Datasets.Freeze(new int[] {0, 2}, 5);
        Datasets.Block one = Datasets.generate(p, freeze, ALL, 0, 40, 9, 3L, 1);
        Datasets.Block three = Datasets.generate(p, freeze, ALL, 0, 40, 9, 3L, 3);
        assertArrayEquals(one.tokens(), three.tokens());
        assertArrayEquals(one.parts()[1], three.parts()[1]);
        Datasets.Block shard = Datasets.generate(p, freeze, ALL, 13, 11, 9, 3L, 2);
        assertArrayEquals(Arrays.copyOfRange(one.tokens(), 13 * 9, 24 * 9), shard.tokens());
        // group 2 of K = 5 and of K = 7 (sequences 2 and 2) follow one frozen path
        Datasets.Block seven = Datasets.generate(p, new Datasets.Freeze(new int[] {0, 2}, 7), ALL, 0, 14, 9, 3L, 1);
        int[][][] a = factorPaths(p, one);
        int[][][] c = factorPaths(p, seven);
        assertArrayEquals(a[2][0], c[9][0]);
        assertArrayEquals(a[2][2], c[9][2]);
    }

    /**
     * Nothing frozen is the dataset of the seed: with {@link Datasets.Freeze#NONE}, mess3-cubed's bytes are those
     * {@link DatasetBytesTest} recorded before frozen factors existed (commit ec2814f).
     */
    @Test
    void nothingFrozenKeepsTheBytesRecordedBeforeFreezing() {
        Datasets.Block b = Datasets.generate(FactoredCatalogue.mess3Cubed(), Datasets.Freeze.NONE, EnumSet.of(Datasets.Output.BELIEFS,
                Datasets.Output.PART_BELIEFS, Datasets.Output.NEXT, Datasets.Output.LOGPROB), 3, 40, 33, 2024L, 2);
        assertEquals("c3556c9f33cf71cd 83b61c58ef34d1e7 cb32606e9a44ed16 ddea394530208d6c eb99a6de75499578",
                String.join(" ", DatasetBytesTest.digest(b.tokens()), DatasetBytesTest.digest(b.beliefs()), DatasetBytesTest.digest(b.parts()),
                        DatasetBytesTest.digest(b.next()), DatasetBytesTest.digest(b.logprob())));
    }

    @Test
    void refusesWhatCannotBeFrozenNamingIt() {
        Set<Datasets.Output> none = EnumSet.noneOf(Datasets.Output.class);
        Process hmm = Catalogue.mess3(0.15, 0.6);
        assertEquals("Mess3(x=0.15, a=0.6) is not a factored process: only the factors of a factored process can be frozen".replace("Mess3(x=0.15, a=0.6)", hmm.name()),
                assertThrows(IllegalArgumentException.class, () -> Datasets.generate(hmm, new Datasets.Freeze(new int[] {0}, 2), none, 0, 2, 3, 1L, 1))
                        .getMessage());
        FactoredProcess cubed = FactoredCatalogue.mess3Cubed();
        for (NoisyChannel channel : new NoisyChannel[] {new NoisyChannel(0.1, NoisyChannel.Over.JOINT, NoisyChannel.Updates.SENT),
            new NoisyChannel(0.1, NoisyChannel.Over.FACTORS, NoisyChannel.Updates.RECEIVED)}) {
            NoisyProcess noisy = NoisyProcess.of(cubed, channel);
            String expected = "frozen factors need the factored filter, which a factored process has clean or through a channel over factors"
                    + " with sent updates (" + noisy.name() + " is a noisy channel "
                    + (channel.updates() == NoisyChannel.Updates.SENT ? "over the joint alphabet with sent updates)" : "with received updates)");
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> Datasets.generate(noisy, new Datasets.Freeze(new int[] {0}, 2), none, 0, 2, 3, 1L, 1)).getMessage());
        }
        NoisyProcess factors = NoisyProcess.of(cubed, new NoisyChannel(0.1, NoisyChannel.Over.FACTORS, NoisyChannel.Updates.SENT));
        Datasets.generate(factors, new Datasets.Freeze(new int[] {0}, 2), none, 0, 2, 3, 1L, 1); // sent over factors: the factored filter
        assertEquals("factor 3 does not exist: the process has 3 factors, 0 … 2", assertThrows(IllegalArgumentException.class,
                () -> Datasets.generate(cubed, new Datasets.Freeze(new int[] {3}, 2), none, 0, 2, 3, 1L, 1)).getMessage());
        FactoredProcess chain = FactoredCatalogue.shaiChain();
        assertEquals("factor 2 is frozen but its parent 1 varies: freeze 1 too (the frozen factors must include every parent of a frozen factor)",
                assertThrows(IllegalArgumentException.class, () -> Datasets.generate(chain, new Datasets.Freeze(new int[] {0, 2}, 2), none, 0, 2, 3, 1L, 1))
                        .getMessage());
        // 0 → 1 → 2 → 0: no factor is drawn before the others, even with all of them frozen
        FactoredProcess cyclic = DatasetBytesTest.coupled(new int[][] {{2}, {0}, {1}});
        for (int[] frozen : new int[][] {{0}, {0, 1, 2}}) {
            assertEquals("the control map has a cycle, so its factors are not drawn one by one and none can be frozen", assertThrows(
                    IllegalArgumentException.class, () -> Datasets.generate(cyclic, new Datasets.Freeze(frozen, 2), none, 0, 2, 3, 1L, 1)).getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Datasets.Freeze(new int[] {2, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> new Datasets.Freeze(new int[] {1}, 0));
    }

    /** A group's generator is none of the sequences' generators. */
    @Test
    void groupStreamsAreNotSequenceStreams() {
        Set<Long> sequences = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            sequences.add(Seeds.sequence(42, i).nextLong());
        }
        for (int g = 0; g < 10_000; g++) {
            assertFalse(sequences.contains(Seeds.group(42, g).nextLong()), "group " + g);
        }
        assertNotEquals(Seeds.group(42, 0).nextLong(), Seeds.group(43, 0).nextLong());
    }
}
