package dev.ghmm.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.io.dataset.DatasetLayout;
import dev.ghmm.io.Npy;
import dev.ghmm.io.dataset.DatasetOptions;
import dev.ghmm.io.dataset.DatasetPlan;
import dev.ghmm.io.dataset.DatasetWriter;
import dev.ghmm.io.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * Writes a training dataset of the five-factor chain (tokens, each factor's belief in float32, optimal losses) as .npy
 * files and reads it back.
 */
public final class WriteDataset {
    private WriteDataset() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args optional output directory, which must not exist or be empty (default: in a new temporary directory)
     * @throws IOException if the files cannot be written
     */
    public static void main(String[] args) throws IOException {
        FactoredProcess chain = FactoredCatalogue.shaiChain();
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ghmm").resolve("chain");
        DatasetOptions options = DatasetOptions.of(42L, 32,
                EnumSet.of(DatasetLayout.Output.TOKENS, DatasetLayout.Output.FACTOR_BELIEFS, DatasetLayout.Output.LOSS));
        JsonNode spec = Json.textNode("FactoredCatalogue.shaiChain()");
        // sequences [0, 1000) on 2 threads, into a directory that appears whole or not at all
        new DatasetWriter(new DatasetPlan(chain, spec, options), 0, 1000, 2).write(dir, false);
        Npy.Array tokens = Npy.read(dir.resolve("tokens.npy"));
        Npy.Array factor3 = Npy.read(dir.resolve("beliefs.f3.npy"));
        Npy.Array loss = Npy.read(dir.resolve("loss.npy"));
        System.out.println("wrote " + dir + ": tokens " + Arrays.toString(tokens.shape()) + ", factor 3 beliefs " + Arrays.toString(factor3.shape()));
        System.out.println("first sequence: " + chain.alphabet().format(Arrays.copyOf(tokens.ints(), 8)) + " ...");
        System.out.println("mean optimal loss (nats/token) = " + Arrays.stream(loss.doubles()).average().orElseThrow());
        System.out.println("in Python: numpy.load(\"" + dir.resolve("beliefs.f0.npy") + "\")");
    }
}
