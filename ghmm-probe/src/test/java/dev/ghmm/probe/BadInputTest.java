package dev.ghmm.probe;

import static dev.ghmm.probe.ProbeFitTest.fit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused with an IllegalArgumentException of one line that names what is wrong. */
class BadInputTest {
    @TempDir
    Path tmp;

    static String refused(Executable call, String... fragments) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        for (String f : fragments) {
            assertTrue(message.contains(f), "\"" + f + "\" in: " + message);
        }
        return message;
    }

    Path write(String name, Planted p) throws IOException {
        return p.write(Files.createDirectories(tmp.resolve(name)));
    }

    static Planted small() {
        Planted p = new Planted();
        p.count = 60;
        p.noise = 0.1;
        return p;
    }

    @Test
    void activationsOfAnotherNumberOfSequences() throws IOException {
        Planted p = small();
        p.activationCount = 59;
        Path dir = write("n", p);
        refused(() -> fit(dir, ProbeOptions.defaults()), "holds 59 sequences", "holds 60");
    }

    @Test
    void activationsOfAnotherNumberOfPositions() throws IOException {
        Path dir = write("p", small());
        Planted shorter = small();
        shorter.length = 4;
        shorter.generate().writeDataset(dir.resolve("data"));
        refused(() -> fit(dir, ProbeOptions.defaults()), "P = 7", "L = 4", "L + 1 = 5", "L - 1 = 3");
        Path exact = write("p2", small());
        refused(() -> fit(exact, ProbeOptions.defaults().withFirstBeliefRow(1)), "first belief row 1", "P = 7");
    }

    @Test
    void layersOutOfRangeOrUnchosen() throws IOException {
        Planted p = small();
        p.layers = 2;
        p.layer = 1;
        Path dir = write("layers", p);
        Path acts = dir.resolve("acts.npy");
        refused(() -> Activations.open(acts, 2), "layer 2 is out of range [0, 2)");
        refused(() -> Activations.open(acts, -3), "layer -3");
        refused(() -> Activations.open(acts), "2 layers: choose a layer in [0, 2)");
        Path single = write("single", small()).resolve("acts.npy");
        refused(() -> Activations.open(single, 1), "layer 1 is out of range", "a single layer");
        // the other layer is all NaN: reading layer 1 never touches it
        try (Activations a = Activations.open(acts, 1)) {
            assertTrue(a.layers() == 2 && a.layer() == 1 && a.width() == 12 && a.positions() == 7 && a.sequences() == 60);
        }
    }

    /** A non-finite value met by a second thread stops the fit with the same message (blocks of 2 sequences, 3 threads). */
    @Test
    void nonFiniteActivationsReadOnAnotherThreadAreNamedByIndex() throws IOException {
        Planted p = small();
        p.nan = new int[] {33, 3, 7};
        Path dir = write("nan-threads", p);
        refused(() -> {
            try (Activations a = Activations.open(dir.resolve("acts.npy")); BeliefDataset ds = BeliefDataset.open(dir.resolve("data"))) {
                ProbeFitter.fit(a, ds, ProbeOptions.defaults(), 3, 2L * p.positions() * p.width, done -> { });
            }
        }, "acts.npy[33, 3, 7] = NaN", "finite");
    }

    /**
     * d = 8193 is refused before any row is read, naming the heap it would need: with k = 6 belief columns (D = 8205),
     * N = 3 sequences of P = 7 (one block of 21 rows) on one thread, max(2·8D² + 8D² + 3·8·21·D, 2·8D² + 3·8d²)
     * = 2·538576200 + 24·8193² = 2688158376 bytes.
     */
    @Test
    void activationsWiderThan8192AreRefusedNamingTheBytes() throws IOException {
        Planted p = small();
        p.count = 3;
        Path dir = write("wide", p);
        try (Npy.Writer w = Npy.Writer.float32(dir.resolve("acts.npy"), p.count, p.positions(), 8193)) {
            w.write(new double[p.count * p.positions() * 8193], 0, p.count * p.positions() * 8193);
        }
        assertEquals(2688158376L, RowStream.heapBytes(8193, 6, 7, 3, 1, false));
        refused(() -> {
            try (Activations a = Activations.open(dir.resolve("acts.npy")); BeliefDataset ds = BeliefDataset.open(dir.resolve("data"))) {
                ProbeFitter.fit(a, ds, ProbeOptions.defaults(), 1, done -> { });
            }
        }, "d = 8193 activation columns, more than the 8192 a fit supports", "about 2688158376 bytes of heap");
    }

    /** A fit the JVM's heap cannot hold is refused before any row is read, naming the bytes it needs and the heap. */
    @Test
    void aFitLargerThanTheHeapIsRefusedNamingTheBytes() {
        // d = 12, k = 6: D = 24, 8D² = 4608; N = 60 sequences of P = 7 fit in one block of 420 rows, so one thread
        // works whatever T: 2·4608 + 4608 + 3·8·420·24 = 255744 bytes
        assertEquals(255744L, RowStream.heapBytes(12, 6, 7, 60, 2, false));
        // N = 20000: blocks of ⌊2²⁰ / 84⌋ = 12483 sequences (87381 rows), two of them, two threads:
        // 2·4608 + 2·(4608 + 3·8·87381·24) = 100681344 bytes
        assertEquals(100681344L, RowStream.heapBytes(12, 6, 7, 20000, 2, false));
        refused(() -> RowStream.checkHeap(Path.of("acts.npy"), 12, 6, 7, 20000, 2, false, 1_000_000), "needs about 100681344 bytes of heap",
                "more than the 1000000 this JVM may use", "-Xmx");
    }

    /**
     * The solve with an SVD cut-off holds seven d × d arrays (Σ<sub>xx</sub>, its copy, EJML's bidiagonal form, Uᵀ, Vᵀ,
     * U, V), not three: at d = 8192 (k = 6, D = 8204, one block of 21 rows) 2·8D² + 7·8·8192² = 4834986240 bytes
     * against 2·8D² + 3·8·8192² = 2687502592 without; a heap between the two takes the fit without the cut-off only.
     */
    @Test
    void theSvdSolveCountsItsSevenMatrices() {
        assertEquals(2687502592L, RowStream.heapBytes(8192, 6, 7, 3, 1, false));
        assertEquals(4834986240L, RowStream.heapBytes(8192, 6, 7, 3, 1, true));
        RowStream.checkHeap(Path.of("acts.npy"), 8192, 6, 7, 3, 1, false, 3_000_000_000L);
        refused(() -> RowStream.checkHeap(Path.of("acts.npy"), 8192, 6, 7, 3, 1, true, 3_000_000_000L), "needs about 4834986240 bytes of heap");
    }

    @Test
    void nonFiniteActivationsAreNamedByIndex() throws IOException {
        Planted p = small();
        p.nan = new int[] {5, 3, 7};
        Path dir = write("nan", p);
        refused(() -> fit(dir, ProbeOptions.defaults()), "acts.npy[5, 3, 7] = NaN", "finite");
        Planted layered = small();
        layered.layers = 3;
        layered.layer = 2;
        layered.nan = new int[] {55, 0, 11};
        Path dir2 = write("nan-layers", layered);
        refused(() -> fit(dir2, 2, ProbeOptions.defaults()), "acts.npy[2, 55, 0, 11] = NaN");
    }

    @Test
    void aRankDeficientDesignNeedsARidgeOrACutOff() throws IOException {
        Planted p = small();
        p.duplicateColumn = true;
        Path dir = write("rank", p);
        refused(() -> fit(dir, ProbeOptions.defaults()), "rank-deficient", "rank 11 < d = 12", "ridge", "λ = ", "SVD cut-off");
        ProbeFit ridged = fit(dir, ProbeOptions.defaults().withRidge(1e-6));
        ProbeFit cut = fit(dir, ProbeOptions.defaults().withSvdCutoff(1e-10));
        double a = ridged.evaluation(ridged.targets().get(0)).validation().pooledR2();
        double b = cut.evaluation(cut.targets().get(0)).validation().pooledR2();
        assertTrue(Math.abs(a - b) < 1e-4 && a > 0.3, a + " vs " + b);
    }

    @Test
    void targetBeliefsThatAreNotBeliefsOfTheFactor() throws IOException {
        Planted p = small();
        ProbeFit fit = fit(write("targets", p), ProbeOptions.defaults());
        ActivationSteering steering = ActivationSteering.of(fit);
        double[] x = p.activation(0, 2);
        refused(() -> steering.toward(x, 0, new double[] {0.5, 0.5, 0.2}), "not a belief of factor 0", "summing to 1.2");
        refused(() -> steering.toward(x, 1, new double[] {-0.1, 0.6, 0.5}), "not a belief of factor 1", "entry 0 = -0.1 < 0");
        refused(() -> steering.toward(x, 0, new double[] {0.5, 0.5}), "has length 2, expected 3");
        refused(() -> steering.toward(x, 0, new double[] {Double.NaN, 0.5, 0.5}), "[0] = NaN is not finite");
        refused(() -> steering.toward(x, 2, new double[] {1, 0, 0}), "factor 2 is out of range [0, 2)");
        refused(() -> steering.toward(new double[3], 0, new double[] {1, 0, 0}), "x has length 3, expected 12");
        refused(() -> steering.shift(0, new double[] {0.1, 0.1, 0.1}), "leaves the factor's belief directions");
        ProbeFit joint = fit(tmp.resolve("targets"), ProbeOptions.defaults().withTargets(ProbeOptions.Targets.JOINT));
        assertEquals(0, joint.factors());
        assertEquals(9, joint.joint().dimension());
        assertThrows(IllegalStateException.class, () -> ActivationSteering.of(joint));
        assertThrows(IllegalStateException.class, () -> Geometry.of(joint));
        refused(() -> joint.factor(0), "factor beliefs were not a target");
    }

    @Test
    void missingFilesAndMismatchedMeta() throws IOException {
        Path dir = write("meta", small());
        Path data = dir.resolve("data");
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = (ObjectNode) json.readTree(data.resolve("meta.json").toFile());
        ArrayNode outputs = (ArrayNode) meta.get("outputs");
        for (int i = outputs.size() - 1; i >= 0; i--) {
            String name = outputs.get(i).get("name").asText();
            if (name.equals("logprob") || name.equals("beliefs")) {
                outputs.remove(i);
            }
        }
        json.writeValue(data.resolve("meta.json").toFile(), meta);
        refused(() -> fit(dir, ProbeOptions.defaults().withWeighting(ProbeOptions.Weighting.PREFIX_PROBABILITY)), "no logprob.npy");
        refused(() -> fit(dir, ProbeOptions.defaults().withTargets(ProbeOptions.Targets.JOINT)), "no joint beliefs");

        ((ArrayNode) ((ObjectNode) outputs.get(1)).get("shape")).set(1, 99);
        json.writeValue(data.resolve("meta.json").toFile(), meta);
        refused(() -> BeliefDataset.open(data), "beliefs.f0.npy has shape [60, 7, 3] but meta.json states [60, 99, 3]");
        Files.delete(data.resolve("meta.json"));
        refused(() -> BeliefDataset.open(data), "has no meta.json");
        refused(() -> ProbeOptions.defaults().withValidation(1), "validation fraction 1.0");
        refused(() -> ProbeOptions.defaults().withRidge(-1), "ridge -1.0");
    }
}
