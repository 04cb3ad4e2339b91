package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static dev.ghmm.cli.ProbeCommandTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghmm probe} over several activation files (checkpoints): two checkpoints of the planted fixture (see
 * {@link ProbeFixture}) of two layers, the later checkpoint noisier, so each layer's R² falls from the first checkpoint to
 * the second.
 */
class ProbeCheckpointsTest {
    @TempDir
    Path tmp;

    /** A fixture of two layers, layer l with noise l·σ, its activations copied to {@code name}. */
    Path checkpoint(String dir, double sigma, String name) throws IOException {
        ProbeFixture f = new ProbeFixture();
        f.layers = 2;
        f.noisePerLayer = sigma;
        Path d = f.write(Files.createDirectories(tmp.resolve(dir)));
        return Files.copy(d.resolve("acts.npy"), d.resolve(name));
    }

    /** The activations of a fixture of two layers with noise 0.1 per layer, changed as given, written into dir. */
    Path other(String dir, java.util.function.Consumer<ProbeFixture> change) throws IOException {
        ProbeFixture f = new ProbeFixture();
        f.layers = 2;
        f.noisePerLayer = 0.1;
        change.accept(f);
        return f.write(Files.createDirectories(tmp.resolve(dir))).resolve("acts.npy");
    }

    static CliTest.Result probe(Path data, Path out, List<Path> files, String... extra) {
        List<String> args = new ArrayList<>(List.of("probe", "--dataset", data.toString(), "--out", out.toString(), "--activations"));
        files.forEach(f -> args.add(f.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    static void assertOneLine(CliTest.Result r, String message) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void checkpointsAreFittedIntoTheirDirectoriesAndComparedInOneTable() throws IOException {
        Path early = checkpoint("a", 0.1, "step100.npy");
        Path late = checkpoint("b", 0.4, "step200.npy");
        Path data = tmp.resolve("a/data");
        CliTest.Result r = probe(data, tmp.resolve("probe"), List.of(early, late), "--targets", "factors");
        assertEquals(0, r.code(), r.err());
        Path out = tmp.resolve("probe");
        for (String c : List.of("step100", "step200")) {
            for (int l = 0; l < 2; l++) {
                assertEquals(l, json(out.resolve(c + "/layer" + l + "/probe.json")).get("layer").asInt());
            }
            assertEquals("ghmm-probe-layers/1", json(out.resolve(c + "/layers.json")).get("format").asText());
        }
        JsonNode index = json(out.resolve("checkpoints.json"));
        assertEquals("ghmm-probe-checkpoints/1", index.get("format").asText());
        assertEquals("[\"step100\",\"step200\"]", index.get("checkpoints").toString());
        assertEquals("[0,1]", index.get("layers").toString());
        assertEquals("[0.9,0.95,0.99]", index.get("levels").toString());
        JsonNode table = index.get("table");
        assertEquals(r.json().get("table"), table);
        assertEquals(4, table.size());
        String[] directories = {"step100/layer0", "step100/layer1", "step200/layer0", "step200/layer1"};
        for (int i = 0; i < 4; i++) {
            JsonNode row = table.get(i);
            assertEquals(directories[i], row.get("directory").asText());
            assertEquals(i < 2 ? "step100" : "step200", row.get("checkpoint").asText());
            assertEquals(i % 2, row.get("layer").asInt());
            JsonNode probe = json(out.resolve(directories[i] + "/probe.json"));
            assertEquals(probe.at("/targets/0/validation/pooledR2").asDouble(), row.at("/targets/0/validationR2").asDouble(), 0);
            assertEquals(probe.at("/geometry/overlaps"), row.get("overlaps"));
            assertEquals(3, row.at("/components/activations").size());
        }
        // layer 1 is noisier at the later checkpoint; layer 0 is exact in both
        assertTrue(table.at("/1/targets/0/validationR2").asDouble() > table.at("/3/targets/0/validationR2").asDouble(), table.toString());
        assertEquals(1, table.at("/2/targets/0/validationR2").asDouble(), 1e-10);
        // per layer a row of three panels: R², NC@95 against both baselines, the overlap curves with their chance band
        BufferedImage png = ImageIO.read(out.resolve("checkpoints.png").toFile());
        assertEquals(3 * ProbeCommand.PANEL_WIDTH, png.getWidth());
        assertEquals(2 * ProbeCommand.PANEL_HEIGHT, png.getHeight());
        CliTest.Result text = probe(data, tmp.resolve("text"), List.of(early, late), "--targets", "factors", "--text");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("checkpoint step100\nlayer 0\n"), text.out());
        assertTrue(text.out().contains("checkpoint step200\nlayer 0\n"), text.out());
    }

    /** --labels name the checkpoints and their directories; --layer keeps the layout of one layer per checkpoint. */
    @Test
    void labelsNameTheCheckpoints() throws IOException {
        Path early = checkpoint("a", 0.1, "x.npy");
        Path late = checkpoint("b", 0.4, "x.npy");
        CliTest.Result r = probe(tmp.resolve("a/data"), tmp.resolve("probe"), List.of(early, late), "--labels", "first,last", "--layer", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(tmp.resolve("probe/first/probe.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("probe/last/probe.json")));
        assertFalse(Files.exists(tmp.resolve("probe/first/layers.json")));
        JsonNode table = json(tmp.resolve("probe/checkpoints.json")).get("table");
        assertEquals(2, table.size());
        assertEquals("first", table.at("/0/directory").asText());
        assertEquals("last", table.at("/1/checkpoint").asText());
        assertEquals("[1]", json(tmp.resolve("probe/checkpoints.json")).get("layers").toString());
        BufferedImage png = ImageIO.read(tmp.resolve("probe/checkpoints.png").toFile());
        assertEquals(ProbeCommand.PANEL_HEIGHT, png.getHeight());
        // without an overlap panel (one factor) still a row per layer: 2 panels by 2 layers
        CliTest.Result joint = probe(tmp.resolve("a/data"), tmp.resolve("joint"), List.of(early, late), "--labels", "first,last", "--targets", "joint");
        assertEquals(0, joint.code(), joint.err());
        BufferedImage rows = ImageIO.read(tmp.resolve("joint/checkpoints.png").toFile());
        assertEquals(2 * ProbeCommand.PANEL_WIDTH, rows.getWidth());
        assertEquals(2 * ProbeCommand.PANEL_HEIGHT, rows.getHeight());
        // both files are named x.npy: without labels they would share a directory
        assertOneLine(probe(tmp.resolve("a/data"), tmp.resolve("same"), List.of(early, late)), "two checkpoints are labelled \"x\"");
        assertFalse(Files.exists(tmp.resolve("same")));
    }

    /** One file keeps the layout of before: layer directories and layers.json at --out, no checkpoint directory, table or picture. */
    @Test
    void oneFileIsNoCheckpoint() throws IOException {
        Path early = checkpoint("a", 0.1, "step100.npy");
        CliTest.Result r = probe(tmp.resolve("a/data"), tmp.resolve("probe"), List.of(early));
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.json().get("layers").size());
        assertFalse(r.json().has("table"));
        try (var listing = Files.list(tmp.resolve("probe"))) {
            assertEquals(List.of("layer0", "layer1", "layers.json"), listing.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void badCheckpointsAndLabelsAreRefusedInOneLine() throws IOException {
        Path early = checkpoint("a", 0.1, "step100.npy");
        Path data = tmp.resolve("a/data");
        Path wider = other("wide", f -> f.width = 9);
        assertOneLine(probe(data, tmp.resolve("o1"), List.of(early, wider)), "--activations " + wider + " has N = 40, P = 6, d = 9, 2 layers; "
                + "the first checkpoint " + early + " has N = 40, P = 6, d = 8, 2 layers");
        Path shorter = other("fewer", f -> f.count = 30);
        assertOneLine(probe(data, tmp.resolve("o2"), List.of(early, shorter)), "has N = 30, P = 6, d = 8, 2 layers");
        Path late = checkpoint("b", 0.4, "step200.npy");
        assertOneLine(probe(data, tmp.resolve("o3"), List.of(early, late), "--labels", "one"), "--labels \"one\" holds 1 labels for 2 --activations files");
        assertOneLine(probe(data, tmp.resolve("o4"), List.of(early, late), "--labels", "a,b/c"), "holds \"b/c\": a label names a directory");
        assertOneLine(probe(data, tmp.resolve("o5"), List.of(early, late), "--labels", "a,a"), "two checkpoints are labelled \"a\"");
        assertOneLine(probe(data, tmp.resolve("o6"), List.of(early), "--labels", "a"), "--labels \"a\" labels checkpoints: it needs several --activations");
        Path five = other("five", f -> f.positions = 5);
        assertOneLine(probe(data, tmp.resolve("o7"), List.of(early, five)), "--activations " + five + " has N = 40, P = 5, d = 8, 2 layers; "
                + "the first checkpoint " + early + " has N = 40, P = 6, d = 8, 2 layers");
        Path single = other("single", f -> f.layers = 1);
        assertOneLine(probe(data, tmp.resolve("o8"), List.of(early, single)), "--activations " + single + " has N = 40, P = 6, d = 8, 1 layer; "
                + "the first checkpoint " + early + " has N = 40, P = 6, d = 8, 2 layers");
        // the checkpoint table's names are no labels, given or taken from a file name
        assertOneLine(probe(data, tmp.resolve("o9"), List.of(early, late), "--labels", "a,checkpoints.json"),
                "--labels \"a,checkpoints.json\" holds \"checkpoints.json\", the name of the checkpoint table in --out: choose another label");
        Path png = Files.copy(late, tmp.resolve("b/checkpoints.png.npy"));
        assertOneLine(probe(data, tmp.resolve("o10"), List.of(early, png)), "the checkpoint " + png + " would be labelled \"checkpoints.png\", the name "
                + "of the checkpoint table in --out: give --labels");
        for (int i = 1; i <= 10; i++) {
            assertFalse(Files.exists(tmp.resolve("o" + i)));
        }
    }
}
