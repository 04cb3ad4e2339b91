package dev.ghmm.examples;

import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.sampling.Datasets;
import dev.ghmm.sampling.Sampler;
import java.util.Arrays;

/** A training dataset in memory: tokens, beliefs and optimal losses, reproducible from a seed. */
public final class WriteDataset {
    private WriteDataset() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Ghmm mess = Catalogue.mess3(0.05, 0.85);
        int count = 1000;
        int length = 32;
        Datasets.Block block = Datasets.generate(new Sampler(mess), mess.initial(), 0, count, length, 42L, true, 2);
        double meanLoss = Arrays.stream(block.loss()).average().orElse(Double.NaN);
        System.out.println("first sequence: " + mess.alphabet().format(Arrays.copyOf(block.tokens(), length)));
        System.out.println("mean optimal loss (nats/token) = " + meanLoss);
        System.out.println("to write .npy files: java -jar ghmm-cli/target/ghmm.jar sample --process mess3:x=0.05,alpha=0.85 "
                + "--count 1000 --length 32 --seed 42 --beliefs --out data/");
    }
}
