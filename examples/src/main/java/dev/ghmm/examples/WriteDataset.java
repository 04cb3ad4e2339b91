package dev.ghmm.examples;

import dev.ghmm.cli.DatasetWriter;
import dev.ghmm.cli.Npy;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Writes a training dataset (tokens, beliefs, next-symbol distributions, optimal losses) as .npy files and reads it back. */
public final class WriteDataset {
    private WriteDataset() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args optional output directory (default: a new temporary directory)
     * @throws IOException if the files cannot be written
     */
    public static void main(String[] args) throws IOException {
        Ghmm mess = Catalogue.mess3(0.05, 0.85);
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ghmm-dataset");
        new DatasetWriter(mess, dir, 1000, 32, 42L, true, 2, System.err).write("mess3:x=0.05,alpha=0.85");
        Npy.Array tokens = Npy.read(dir.resolve("tokens.npy"));
        Npy.Array beliefs = Npy.read(dir.resolve("beliefs.npy"));
        Npy.Array loss = Npy.read(dir.resolve("loss.npy"));
        System.out.println("wrote " + dir + ": tokens " + Arrays.toString(tokens.shape()) + ", beliefs " + Arrays.toString(beliefs.shape()));
        System.out.println("first sequence: " + mess.alphabet().format(Arrays.copyOf(tokens.ints(), 32)));
        System.out.println("mean optimal loss (nats/token) = " + Arrays.stream(loss.doubles()).average().orElseThrow());
        System.out.println("in Python: numpy.load(\"" + dir.resolve("beliefs.npy") + "\")");
    }
}
