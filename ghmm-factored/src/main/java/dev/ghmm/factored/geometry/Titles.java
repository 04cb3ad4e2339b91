package dev.ghmm.factored.geometry;

import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import java.util.StringJoiner;

/**
 * The title of a process, from its structure: the factors of a {@link FactoredProcess} joined by ×, a factor of several
 * variants as {v0 | v1 | …}, the components of a {@link DirectSum} joined by +, an operand that is itself a product or
 * a sum in parentheses; a catalogue process {@code name:key=value,…} as {@code name(key=value, …)} with alpha, beta,
 * epsilon and lambda written α, β, ε, λ and logAlpha as ln α; a {@link NoisyProcess} as {@code noisy(its process's title;
 * ε=…, over …, updates …)}; any other process by its name.
 */
public final class Titles {
    private Titles() {
    }

    /**
     * {@return the title of the process}
     *
     * @param process the process
     */
    public static String of(Process process) {
        if (process instanceof FactoredProcess fp) {
            StringJoiner factors = new StringJoiner(" × ");
            for (int f = 0; f < fp.factorCount(); f++) {
                factors.add(factor(fp, f));
            }
            return factors.toString();
        }
        if (process instanceof DirectSum sum) {
            StringJoiner components = new StringJoiner(" + ");
            for (int k = 0; k < sum.componentCount(); k++) {
                components.add(operand(of(sum.component(k))));
            }
            return components.toString();
        }
        if (process instanceof NoisyProcess noisy) {
            NoisyChannel c = noisy.channel();
            return "noisy(" + of(noisy.process()) + "; ε=" + c.epsilon() + ", over " + c.over().label() + ", updates " + c.updates().label() + ")";
        }
        return process instanceof Ghmm ? withParameters(process.name()) : process.name();
    }

    /**
     * {@return the title of factor f: its process's, or {v0 | v1 | …} for several variants}
     *
     * @param process the factored process
     * @param f       the factor
     */
    public static String factor(FactoredProcess process, int f) {
        if (process.variantCount(f) == 1) {
            return operand(of(process.variantProcess(f, 0)));
        }
        StringJoiner variants = new StringJoiner(" | ", "{", "}");
        for (int k = 0; k < process.variantCount(f); k++) {
            variants.add(operand(of(process.variantProcess(f, k))));
        }
        return variants.toString();
    }

    /** A title as an operand of ×, + or |: in parentheses when it is itself a product, a sum or a set of variants. */
    private static String operand(String title) {
        return title.contains(" × ") || title.contains(" + ") || title.contains(" | ") ? "(" + title + ")" : title;
    }

    /** {@code name:key=value,…} as {@code name(key=value, …)}; a name without parameters as it is. */
    private static String withParameters(String name) {
        int colon = name.indexOf(':');
        if (colon < 0 || name.contains(" ")) {
            return name;
        }
        StringJoiner parameters = new StringJoiner(", ", name.substring(0, colon) + "(", ")");
        for (String parameter : name.substring(colon + 1).split(",", -1)) {
            int eq = parameter.indexOf('=');
            String key = eq < 0 ? parameter : parameter.substring(0, eq);
            String symbol = switch (key) {
                case "alpha" -> "α";
                case "beta" -> "β";
                case "epsilon" -> "ε";
                case "lambda" -> "λ";
                case "logAlpha" -> "ln α";
                default -> key;
            };
            parameters.add(symbol + (eq < 0 ? "" : parameter.substring(eq)));
        }
        return parameters.toString();
    }
}
