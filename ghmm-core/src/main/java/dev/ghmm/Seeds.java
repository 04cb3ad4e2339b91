package dev.ghmm;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The one seeding of ghmm: sequence i of the dataset with seed s is drawn from its own XoRoShiRo128++ generator, its two
 * words SplitMix64 mixes of (s, i). {@code Datasets} draws every sequence of a dataset so, and {@code Process.sample(s, L)}
 * is sequence 0 of that dataset; a sequence therefore does not depend on the number of threads, shards or ranks that
 * draw the others.
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

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
