package dev.ghmm.testing;

import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.operator.Operator;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.SampleReportingFormat;

/**
 * How jqwik prints the processes and operators of a (shrunk) failing sample: their matrices, not just their names; a
 * direct sum's weights and components; a factored process's variants by factor and its control maps. Registered in
 * META-INF/services, so it applies to every property of every project that depends on ghmm-testing.
 */
public final class ProcessReportingFormat implements SampleReportingFormat {

    /** The format; jqwik creates it through {@link java.util.ServiceLoader}. */
    public ProcessReportingFormat() {
    }

    @Override
    public boolean appliesTo(Object value) {
        return value instanceof Ghmm || value instanceof DirectSum || value instanceof FactoredProcess || value instanceof Operator;
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
        if (value instanceof FactoredProcess p) {
            for (int f = 0; f < p.factorCount(); f++) {
                List<Object> variants = new ArrayList<>();
                for (int k = 0; k < p.variantCount(f); k++) {
                    variants.add(p.variantProcess(f, k));
                }
                report.put("factor " + f, variants);
                if (p.parents(f).length > 0) {
                    report.put("control " + f, "parents " + Arrays.toString(p.parents(f)) + ", table " + Arrays.toString(p.controlTable(f)));
                }
            }
            return report;
        }
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
