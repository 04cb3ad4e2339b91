package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.SparseComposite;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.process.ProcessFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sparse composite encoding keeps the factor outputs of its factored process: {@code sample} writes factor beliefs
 * by default and on request, equal to the filter of the same process without the encoding on the same words.
 */
class SparseSampleTest {
    private static final int COUNT = 20;
    private static final int LENGTH = 25;

    /**
     * Factor 0 is a 2-state HMM on tokens 0, 1; factor 1 chooses its variant by factor 0's token: variant 0 emits only
     * token 0, so the tuple (0,1) is unreachable and left out.
     */
    private static final String FACTORS = "\"factors\": [{\"component_type\": \"hmm\", \"transition_matrices\": [[[[0.5, 0.2], [0.1, 0.3]],"
            + " [[0.1, 0.2], [0.4, 0.2]]]], \"initial_state\": [0.7, 0.3]}, {\"component_type\": \"hmm\", \"transition_matrices\": ["
            + "[[[0.2, 0.8], [0.6, 0.4]], [[0, 0], [0, 0]]], [[[0.3, 0.1], [0.2, 0.2]], [[0.4, 0.2], [0.1, 0.5]]]], \"initial_state\": [0.5, 0.5]}],"
            + " \"structure\": {\"type\": \"sequential\", \"control_maps\": [null, [0, 1]]}";
    private static final String SPARSE = "{\"type\": \"factored\", " + FACTORS
            + ", \"composite_encoding\": {\"type\": \"explicit\", \"token_to_tuple\": [[0, 0], [1, 0], [1, 1]]}}";
    private static final String FULL = "{\"type\": \"factored\", " + FACTORS + "}";

    @TempDir
    Path tmp;

    @Test
    void factorBeliefsAreTheUnsparseProcesssOnTheSameWords() throws IOException {
        Path file = tmp.resolve("sparse.json");
        Files.writeString(file, SPARSE);
        for (String[] outputs : new String[][] {{}, {"--outputs", "tokens,factor-beliefs"}}) {
            Path out = tmp.resolve("out" + outputs.length);
            String[] args = {"sample", "--process", file.toString(), "--count", Integer.toString(COUNT), "--length", Integer.toString(LENGTH),
                "--seed", "5", "--dtype", "float64", "--out", out.toString()};
            String[] all = Arrays.copyOf(args, args.length + outputs.length);
            System.arraycopy(outputs, 0, all, args.length, outputs.length);
            CliTest.Result r = run(all);
            assertEquals(0, r.code(), r.err());
            try (var files = Files.list(out)) {
                assertEquals("[beliefs.f0.npy, beliefs.f1.npy, meta.json, tokens.npy]",
                        files.map(p -> p.getFileName().toString()).sorted().toList().toString());
            }
            int[] tokens = Npy.read(out.resolve("tokens.npy")).ints();
            double[][] beliefs = {Npy.read(out.resolve("beliefs.f0.npy")).doubles(), Npy.read(out.resolve("beliefs.f1.npy")).doubles()};
            SparseComposite sparse = (SparseComposite) ProcessFiles.fromTree(Json.parse(SPARSE));
            FactoredProcess full = (FactoredProcess) ProcessFiles.fromTree(Json.parse(FULL));
            for (int n = 0; n < COUNT; n++) {
                BeliefFilter filter = full.filter();
                for (int t = 0; t <= LENGTH; t++) {
                    for (int f = 0; f < 2; f++) {
                        double[] part = new double[2];
                        filter.part(f, part, 0);
                        int at = (n * (LENGTH + 1) + t) * 2;
                        assertArrayEquals(part, Arrays.copyOfRange(beliefs[f], at, at + 2), 1e-12, "sequence " + n + ", position " + t + ", factor " + f);
                    }
                    if (t < LENGTH) {
                        filter.update(full.encode(sparse.encoding().tuple(tokens[n * LENGTH + t])));
                    }
                }
            }
        }
    }
}
