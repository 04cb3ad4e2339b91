package dev.ghmm.factored;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.SampleReportingFormat;

/**
 * How jqwik prints a factored process of a (shrunk) failing sample: each factor's variants, as matrices
 * (dev.ghmm.testing.ProcessReportingFormat), and its control map. Registered in META-INF/services.
 */
public final class FactoredReportingFormat implements SampleReportingFormat {

    @Override
    public boolean appliesTo(Object value) {
        return value instanceof FactoredProcess;
    }

    @Override
    public Optional<String> label(Object value) {
        return Optional.of(value.toString());
    }

    @Override
    public Object report(Object value) {
        FactoredProcess p = (FactoredProcess) value;
        Map<String, Object> report = new LinkedHashMap<>();
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
}
