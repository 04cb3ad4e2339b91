package dev.ghmm;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The one seeding of ghmm: sequence i of the dataset with seed s is drawn from its own XoRoShiRo128++ generator, its two
 * words SplitMix64 mixes of (s, i). {@code Datasets} draws every sequence of a dataset so, and {@code Process.sample(s, L)}
 * is sequence 0 of that dataset; a sequence therefore does not depend on the number of threads, shards or ranks that
 * draw the others. Group g of a dataset with frozen factors draws its frozen symbols from a stream of its own, mixed
 * from (s, g) and never one of the sequences' streams.
 */
public final class Seeds {
    private Seeds() {
    }

    /**
     * The generator of sequence {@code index} of the dataset with {@code seed}.
     *
     * @param seed  the dataset seed, any 64-bit integer
     * @param index the index of the sequence in the whole dataset
     * @return a new generator
     */
    public static UniformRandomProvider sequence(long seed, long index) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {mix(seed + 0x9E3779B97F4A7C15L * (2 * index + 1)), mix(mix(seed) ^ index)});
    }

    /**
     * The generator of the frozen factors of group {@code group} of the dataset with {@code seed}: it depends on the seed
     * and the group only (not on the number of groups). Its first word mixes s + γ·(2g + 2), an even multiple of the odd
     * γ = 0x9E3779B97F4A7C15, where a sequence's mixes s + γ·(2i + 1), an odd one; the mix is a bijection, so no group's
     * stream is a sequence's stream.
     *
     * @param seed  the dataset seed, any 64-bit integer
     * @param group the group g ≥ 0
     * @return a new generator
     */
    public static UniformRandomProvider group(long seed, long group) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {mix(seed + 0x9E3779B97F4A7C15L * (2 * group + 2)),
            mix(mix(~seed) ^ group)});
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
