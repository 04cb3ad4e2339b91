package dev.ghmm.testing;

import dev.ghmm.operator.Operator;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.SampleReportingFormat;

/**
 * How jqwik prints the processes and operators of a (shrunk) failing sample: their matrices, not just their names.
 * Registered in META-INF/services, so it applies to every property of every module that has ghmm-core's test jar.
 */
public final class ProcessReportingFormat implements SampleReportingFormat {

    @Override
    public boolean appliesTo(Object value) {
        return value instanceof Ghmm || value instanceof DirectSum || value instanceof Operator;
    }

    @Override
    public Optional<String> label(Object value) {
        return Optional.of(value instanceof DirectSum sum ? "DirectSum(" + sum.name() + ")" : value.toString());
    }

    @Override
    public Object report(Object value) {
        if (value instanceof Operator op) {
            return rows(op);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        if (value instanceof DirectSum sum) {
            report.put("weights", sum.weights());
            for (int k = 0; k < sum.componentCount(); k++) {
                report.put("component " + k, sum.component(k));
            }
            return report;
        }
        Ghmm g = (Ghmm) value;
        for (int x = 0; x < g.symbols(); x++) {
            report.put("T(" + g.alphabet().name(x) + ")", rows(g.transfer(x)));
        }
        report.put("η", g.initial());
        report.put("|1⟩⟩", g.one());
        return report;
    }

    private static double[][] rows(Operator op) {
        int n = op.dimension();
        double[][] m = new double[n][n];
        op.forEachNonZero((i, j, v) -> m[i][j] = v);
        return m;
    }
}
