package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of {@code ghmm-dataset/1}: the SHA-256 of every file {@code ghmm sample} writes for three datasets (the
 * chain with BOS and float32, a direct sum in float64 from sequence 5, Mess3 with its default outputs on two threads),
 * recorded from the writer of ghmm-cli before the layout moved to ghmm-io, so that move changed no byte.
 */
class DatasetBytesTest {
    @TempDir
    Path tmp;

    static final String DIRECT_SUM = """
            {"directSum": {"components": [{"catalogue": "mess3", "params": {"x": 0.15, "alpha": 0.6}},
              {"catalogue": "mess3", "params": {"x": 0.05, "alpha": 0.85}}], "weights": [0.3, 0.7]}}
            """;

    /** SHA-256 of each file of the directory, by name. */
    static Map<String, String> hashes(Path dir) throws IOException, NoSuchAlgorithmException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                hashes.put(f.getFileName().toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return hashes;
    }

    private Map<String, String> sample(String name, String... args) throws IOException, NoSuchAlgorithmException {
        Path out = tmp.resolve(name);
        List<String> argv = new ArrayList<>(List.of("sample", "--out", out.toString()));
        argv.addAll(List.of(args));
        CliTest.Result r = run(argv.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return hashes(out);
    }

    @Test
    void theChainWithBosInFloat32() throws Exception {
        Map<String, String> h = sample("chain", "--process", ShippedProcesses.shipped("shai-chain.json").toString(), "--count", "7", "--length", "5",
                "--seed", "3", "--bos", "--outputs", "tokens,factor-beliefs,next,loss,logprob", "--threads", "2");
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("beliefs.f0.npy", "21da1002ef7915b1fd0ef7259b45f1dcebd8e5b37ca454b669c307461f89b594"),
                Map.entry("beliefs.f1.npy", "6de6cc98f9c61cc2d5cca6f555b8cbe2b28cd19afb2cdd81fe83342f7f17040f"),
                Map.entry("beliefs.f2.npy", "03dbd03a971374bf84eb9f39e552691c566533bfec678bbff485b003f0183f4b"),
                Map.entry("beliefs.f3.npy", "dea3681eac01240488253a548d6ce1b5309e2e23e8205aec0dc3cf9b599d6ff8"),
                Map.entry("beliefs.f4.npy", "3c6611730808f554d853029d1c9d03a6108d9a4f08293f7a947ddef49d3a1965"),
                Map.entry("logprob.npy", "aba72037730e7295c273bc637d63ecefc88bba992bbabc050e2bf3085473b6cf"),
                Map.entry("loss.npy", "928bbc5ea5c3065232bfc27756b478fe2d6fc30b72d8fe783dd7c76604275822"),
                Map.entry("meta.json", "0d9e1fde14c17f5a31f0849d60abf89b8c8f57e18ca743498ec777a8a9a7da21"),
                Map.entry("next.npy", "35947469df44801be2528fd72a4de7ff812a354279c27c520bb697a9b806e81b"),
                Map.entry("tokens.npy", "244c0506350623bebf69acd33898c9959a14aecb0eceba50cffaea1facffd609"))), h);
    }

    @Test
    void aDirectSumInFloat64FromSequenceFive() throws Exception {
        Path spec = Files.writeString(tmp.resolve("sum.json"), DIRECT_SUM);
        Map<String, String> h = sample("sum", "--process", spec.toString(), "--count", "6", "--length", "4", "--seed", "-9", "--first", "5",
                "--outputs", "tokens,beliefs,next,loss,logprob", "--dtype", "float64");
        assertEquals(new TreeMap<>(Map.of(
                "beliefs.npy", "eed6a79569959f65ff5a744a59972d1f9ec2762f8e648e556c397b9c2db0bc58",
                "logprob.npy", "0a9df6c0c75d4f07015b2219278585039514300362a64fab9c304ac407d7a76d",
                // float64 loss moved by ≤ 2 ulp with each table-driven ln of the loss floor (#29): it equals numpy's
                // −Σ p ln p of next.npy to 2.7e-16 relative (the previous table's 1.4e-16)
                "loss.npy", "fa55356aaa884a293df8700d8d602205767debe030aaa31e210dbce05505a139",
                "meta.json", "ec6a90fe34f3fd30f39570cc483b0c05921f5617abad999e943f5e8c2fc11384",
                "next.npy", "db5267ef44c7e7b946a802f9d0ffda1e747d0d061a2f7a8dd124a61061be9e43",
                "tokens.npy", "97336bd162f9faa8c2b5f5535b8cda9efecb91b509dc3c59c166018ffacf8ae2")), h);
    }

    @Test
    void mess3WithItsDefaultOutputs() throws Exception {
        Map<String, String> h = sample("mess3", "--process", "mess3:x=0.15,alpha=0.6", "--count", "4", "--length", "3", "--seed", "1");
        assertEquals(new TreeMap<>(Map.of(
                "beliefs.npy", "732195c44a4195471c955f4dd05c64432c7116a336b1c3e23b9a5cfdb47d30a9",
                "meta.json", "2336abeb195cf8df446df3889853d380652ce734f1b649c3bfcfb4b71fcb9e77",
                "tokens.npy", "3ceec40d6fcb790b1e9bc1a28392f95bcfc535aaae0d27164b5af708571b2c54")), h);
    }
}
