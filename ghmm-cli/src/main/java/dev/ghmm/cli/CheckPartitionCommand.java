package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.json.Json;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.PartitionReport;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghmm check-partition}: whether every T(x) preserves a partition of the states (eq. 2.9); exit 1 when not. */
@Command(name = "check-partition", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"Checks that every T(x) preserves a partition of the states (eq. 2.9).",
            "Exit 0 if so, 1 with the violating entries if not."})
final class CheckPartitionCommand extends ProcessCommand {
    @Option(names = "--partition", required = true, paramLabel = "SECTORS",
            description = "Sectors of state indices separated by |, e.g. \"0|1 2\".")
    String partition;

    @Option(names = "--tolerance", paramLabel = "T", converter = Options.NonNegative.class,
            description = "Entries of absolute value at most T do not count (a finite number >= 0; default 1e-12).")
    double tolerance = 1e-12;

    CheckPartitionCommand(Output output) {
        super(output);
    }

    @Override
    int run() throws IOException {
        Ghmm g = load().joint();
        Partition p;
        try {
            p = Partition.parse(partition, g.states());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Options.refused("--partition", partition, "is not a partition of the " + g.states()
                    + " states of " + g.name() + ": " + e.getMessage()), e);
        }
        PartitionReport report = g.checkPartition(p, tolerance);
        if (text) {
            output.line("partition " + p + (report.preserved() ? " is preserved" : " is violated by " + report.violations().size()
                    + (report.violations().size() == 1 ? " entry" : " entries")) + " (tolerance " + tolerance + ")");
            for (PartitionReport.Violation v : report.violations()) {
                output.line("  T(" + g.alphabet().name(v.symbol()) + ")[" + v.row() + "][" + v.col() + "] = " + v.value()
                        + " couples sector " + v.rowSector() + " to sector " + v.colSector());
            }
        } else {
            ObjectNode o = Json.createObjectNode();
            o.put("partition", p.toString());
            o.put("tolerance", tolerance);
            o.put("preserved", report.preserved());
            ArrayNode violations = o.putArray("violations");
            for (PartitionReport.Violation violation : report.violations()) {
                ObjectNode e = violations.addObject();
                e.put("symbol", g.alphabet().name(violation.symbol()));
                e.put("row", violation.row());
                e.put("col", violation.col());
                e.put("rowSector", violation.rowSector());
                e.put("colSector", violation.colSector());
                e.put("value", violation.value());
            }
            output.json(o);
        }
        return report.preserved() ? 0 : 1;
    }
}
