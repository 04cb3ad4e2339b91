package dev.ghmm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @Test
    void aResultWhoseErrorExceedsATenthOfItsMeanIsFlagged() {
        assertEquals("10.0 ± 1.0", Report.pm("%.1f", 10, 1));
        assertEquals("10.0 ± 1.1 ⚠", Report.pm("%.1f", 10, 1.1));
        assertEquals("1394 ± 8294 ⚠", Report.pm("%.0f", 1394.1, 8294.0));
        assertTrue(Report.noisy(1, Double.NaN), "JMH writes NaN errors for a single iteration: not comparable");
        assertFalse(Report.noisy(-10, 0.5));
    }

    @Test
    void theReportCountsNoisyResultsInItsSummaryAndMarksTheirRows(@TempDir Path dir) throws Exception {
        String run = """
                [{"jmhVersion": "1.37", "benchmark": "dev.ghmm.bench.OperatorBench.dense", "mode": "avgt", "forks": 1,
                  "jdkVersion": "17", "vmName": "vm", "vmVersion": "1", "warmupIterations": 1, "warmupTime": "1 s",
                  "measurementIterations": 5, "measurementTime": "1 s", "params": {"density": "1.0", "states": "3"},
                  "primaryMetric": {"score": 10.0, "scoreError": 0.5, "scoreUnit": "ns/op"}},
                 {"benchmark": "dev.ghmm.bench.OperatorBench.dense", "params": {"density": "1.0", "states": "81"},
                  "primaryMetric": {"score": 1394.1, "scoreError": 8294.0, "scoreUnit": "ns/op"}}]
                """;
        Files.writeString(dir.resolve("jmh.json"), run);
        Report.main(new String[] {dir.resolve("jmh.json").toString(), dir.resolve("out/performance.md").toString()});
        String md = Files.readString(dir.resolve("out/performance.md"));
        assertTrue(md.contains("**1 of 2 results have an error above a tenth of their mean**"), md);
        assertTrue(md.contains("| 1394 ± 8294 ⚠ |"), md);
        assertTrue(md.contains("| 10.00 ± 0.5000 |"), md);
        assertTrue(Files.exists(dir.resolve("out/images/perf-belief-update.png")));
    }
}
