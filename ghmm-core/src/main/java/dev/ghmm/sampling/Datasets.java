package dev.ghmm.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Training datasets: N sequences of length L, sequence i drawn from its own generator derived from
 * (seed, i), so the dataset is the same whatever the number of threads and any block of sequences can be
 * regenerated alone.
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * The generator of sequence {@code index} of the dataset with {@code seed}: XoRoShiRo128++ seeded by SplitMix64 mixing.
     *
     * @param seed the dataset seed
     * @param index the index
     * @return the generator of sequence {@code index} of the dataset with {@code seed}: XoRoShiRo128++ seeded by SplitMix64 mixing
     */
    public static UniformRandomProvider stream(long seed, long index) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {mix(seed + 0x9E3779B97F4A7C15L * (2 * index + 1)), mix(mix(seed) ^ index)});
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A block of sequences [first, first + count) of a dataset, with optional beliefs and losses.
     *
     * @param tokens  count·L symbol indices, row-major
     * @param beliefs       count·(L+1)·S beliefs, or null
     * @param distributions count·L·|𝒳| next-symbol distributions, or null
     * @param loss          count·L per-token optimal losses in nats, or null
     */
    public record Block(long first, int count, int[] tokens, double[] beliefs, double[] distributions, double[] loss) {
    }

    /**
     * Generates sequences [first, first + count) on {@code threads} threads.
     *
     * @param sampler     the sampler of the process
     * @param initial     ⟨⟨η(∅)| for every sequence
     * @param length      L ≥ 0
     * @param seed        the dataset seed
     * @param withBeliefs whether to record beliefs, next-symbol distributions and losses (forces the belief path)
     * @param threads     ≥ 1
     * @param first the index of the first sequence
     * @param count how many values
     * @return the block of sequences
     */
    public static Block generate(Sampler sampler, double[] initial, long first, int count, int length, long seed,
                                 boolean withBeliefs, int threads) {
        if (count < 0 || length < 0 || threads < 1) {
            throw new IllegalArgumentException("count " + count + ", length " + length + " and threads " + threads + " must be >= 0, >= 0 and >= 1");
        }
        int n = sampler.process().states();
        int symbols = sampler.process().symbols();
        long beliefValues = withBeliefs ? (long) count * (length + 1) * n : 0;
        if ((long) count * length * symbols > Integer.MAX_VALUE || beliefValues > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a block of " + count + " sequences of length " + length + " is too large for one array; use smaller blocks");
        }
        int[] tokens = new int[count * length];
        double[] beliefs = withBeliefs ? new double[(int) beliefValues] : null;
        double[] distributions = withBeliefs ? new double[count * length * symbols] : null;
        double[] loss = withBeliefs ? new double[count * length] : null;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                jobs.add(pool.submit(() -> {
                    int[] seq = new int[length];
                    double[] b = withBeliefs ? new double[(length + 1) * n] : null;
                    double[] d = withBeliefs ? new double[length * symbols] : null;
                    double[] l = withBeliefs ? new double[length] : null;
                    double[] work = new double[sampler.workLength()];
                    double[] next = new double[symbols];
                    for (int k = worker; k < count; k += threads) {
                        UniformRandomProvider rng = stream(seed, first + k);
                        if (withBeliefs) {
                            sampler.sampleWithBeliefs(rng, initial, seq, b, d, l, work, next);
                            System.arraycopy(b, 0, beliefs, k * (length + 1) * n, b.length);
                            System.arraycopy(d, 0, distributions, k * length * symbols, d.length);
                            System.arraycopy(l, 0, loss, k * length, length);
                        } else {
                            sampler.sample(rng, initial, seq);
                        }
                        System.arraycopy(seq, 0, tokens, k * length, length);
                    }
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Block(first, count, tokens, beliefs, distributions, loss);
    }
}
