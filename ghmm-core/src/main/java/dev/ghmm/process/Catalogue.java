package dev.ghmm.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Named standard processes. Each is an HMM whose matrices are written out below with their source;
 * states are listed in the order of the matrices' rows. {@link #byName} resolves the names the command
 * line uses, with parameters as in {@code "mess3:x=0.05,alpha=0.85"}.
 */
public final class Catalogue {
    private static final Map<String, Function<Params, Ghmm>> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("z1r", p -> z1r());
        NAMED.put("z1r-prime", p -> z1rPrime());
        NAMED.put("z1r-x-z1r", p -> z1rPrimeSquared());
        NAMED.put("even", p -> even(p.get("p", 0.5)));
        NAMED.put("golden-mean", p -> goldenMean(p.get("p", 0.5)));
        NAMED.put("rrxor", p -> rrxor());
        NAMED.put("mess3", p -> mess3(p.get("x", 0.15), p.get("alpha", 0.6)));
        NAMED.put("coin", p -> biasedCoin(p.get("p", 0.5)));
    }

    private Catalogue() {
    }

    /**
     * The standard Zero-One-Random process (Crutchfield and Feldman 2003), states (S0, S1, SR): S0 emits 0
     * and moves to S1, S1 emits 1 and moves to SR, SR emits a fair bit and moves to S0. Its stationary
     * distribution is uniform, which is the initial belief.
     *
     * @return the standard Zero-One-Random process (Crutchfield and Feldman 2003), states (S0, S1, SR): S0 emits 0 and moves to S1, S1 emits 1 and moves to SR, SR emits a fair bit and moves to S0
     */
    public static Ghmm z1r() {
        double h = 0.5;
        return Ghmm.builder().name("z1r")
                .symbol("0", new double[][] {{0, 1, 0}, {0, 0, 0}, {h, 0, 0}})
                .symbol("1", new double[][] {{0, 0, 0}, {0, 0, 1}, {h, 0, 0}})
                .requireHmm().build();
    }

    /**
     * The partition-preserving Z1R' of eq. 2.17, states (S0, S1, SR), which preserves
     * span{S0} ⊕ span{S1, SR} (eq. 2.16). T' (eq. 2.18) has two closed classes, the absorbing {S0} and the
     * 2-cycle {S1, SR}, so there is no unique stationary distribution: the initial belief is uniform,
     * (1/3, 1/3, 1/3), the stationary distribution of the standard Z1R.
     *
     * @return the partition-preserving Z1R' of eq. 2.17, states (S0, S1, SR), which preserves span{S0} ⊕ span{S1, SR} (eq. 2.16)
     */
    public static Ghmm z1rPrime() {
        double h = 0.5;
        double third = 1.0 / 3.0;
        return Ghmm.builder().name("z1r-prime")
                .symbol("0", new double[][] {{1, 0, 0}, {0, 0, 0}, {0, h, 0}})
                .symbol("1", new double[][] {{0, 0, 0}, {0, 0, 1}, {0, h, 0}})
                .initial(new double[] {third, third, third})
                .requireHmm().build();
    }

    /**
     * Z1R' × Z1R' of eq. 2.19–2.22: T<sub>A</sub> = T'<sub>0</sub> ⊗ T'<sub>0</sub>, T<sub>B</sub> =
     * T'<sub>0</sub> ⊗ T'<sub>1</sub>, T<sub>C</sub> = T'<sub>1</sub> ⊗ T'<sub>0</sub>, T<sub>D</sub> =
     * T'<sub>1</sub> ⊗ T'<sub>1</sub> as structured Kronecker operators, symbols A, B, C, D (eq. 2.20),
     * states in the lexicographic order of eq. 2.19, initial belief uniform over the 9 states.
     *
     * @return Z1R' × Z1R' of eq. 2.19–2.22: T<sub>A</sub> = T'<sub>0</sub> ⊗ T'<sub>0</sub>, T<sub>B</sub> = T'<sub>0</sub> ⊗ T'<sub>1</sub>, T<sub>C</sub> = T'<sub>1</sub> ⊗ T'<sub>0</sub>, T<sub>D</sub> = T'<sub>1</sub> ⊗ T'<sub>1</sub> as structured Kronecker operators, symbols A, B, C, D (eq. 2.20), states in the lexicographic order of eq. 2.19, initial belief uniform over the 9 states
     */
    public static Ghmm z1rPrimeSquared() {
        Ghmm factor = z1rPrime();
        return Ghmm.kron(factor, factor).withSymbolNames("A", "B", "C", "D").withName("z1r-x-z1r");
    }

    /**
     * The Even process (Crutchfield and Feldman 2003), states (A, B): A emits 0 and stays with probability
     * 1 − p, or emits 1 and moves to B with probability p; B emits 1 and returns to A. Blocks of 1s between
     * 0s have even length. The standard process has p = 1/2.
     *
     * @param p Pr(1 | A), in [0, 1]
     * @return the Even process (Crutchfield and Feldman 2003), states (A, B): A emits 0 and stays with probability 1 − p, or emits 1 and moves to B with probability p; B emits 1 and returns to A
     */
    public static Ghmm even(double p) {
        requireProbability("p", p);
        return Ghmm.builder().name("even")
                .symbol("0", new double[][] {{1 - p, 0}, {0, 0}})
                .symbol("1", new double[][] {{0, p}, {1, 0}})
                .requireHmm().build();
    }

    /**
     * The Golden Mean process (no two consecutive 1s), states (A, B): A emits 0 and stays with probability
     * 1 − p, or emits 1 and moves to B with probability p; B emits 0 and returns to A. Standard: p = 1/2.
     *
     * @param p Pr(1 | A), in [0, 1]
     * @return the Golden Mean process (no two consecutive 1s), states (A, B): A emits 0 and stays with probability 1 − p, or emits 1 and moves to B with probability p; B emits 0 and returns to A
     */
    public static Ghmm goldenMean(double p) {
        requireProbability("p", p);
        return Ghmm.builder().name("golden-mean")
                .symbol("0", new double[][] {{1 - p, 0}, {1, 0}})
                .symbol("1", new double[][] {{0, p}, {0, 0}})
                .requireHmm().build();
    }

    /**
     * The Random-Random-XOR process (Crutchfield and Feldman 2003), states (S, R0, R1, T, F): two fair bits
     * then their XOR. S emits a fair bit b and moves to R<sub>b</sub>; R<sub>b</sub> emits a fair bit c and
     * moves to T if b ⊕ c = 1, else to F; T emits 1 and F emits 0, both returning to S.
     *
     * @return the Random-Random-XOR process (Crutchfield and Feldman 2003), states (S, R0, R1, T, F): two fair bits then their XOR
     */
    public static Ghmm rrxor() {
        double h = 0.5;
        return Ghmm.builder().name("rrxor")
                .symbol("0", new double[][] {{0, h, 0, 0, 0}, {0, 0, 0, 0, h}, {0, 0, 0, h, 0}, {0, 0, 0, 0, 0}, {1, 0, 0, 0, 0}})
                .symbol("1", new double[][] {{0, 0, h, 0, 0}, {0, 0, 0, h, 0}, {0, 0, 0, 0, h}, {1, 0, 0, 0, 0}, {0, 0, 0, 0, 0}})
                .requireHmm().build();
    }

    /**
     * Mess3(x, α) of Marzen and Crutchfield (2017): 3 states, 3 symbols, whose beliefs form a fractal in
     * the 2-simplex. With β = (1 − α)/2 and y = 1 − 2x, T(a)<sub>ij</sub> = e<sub>aj</sub>·t<sub>ij</sub>
     * where e<sub>aj</sub> = α if a = j else β, and t<sub>ij</sub> = y if i = j else x. Requires
     * 0 ≤ x ≤ 1/2 and 0 ≤ α ≤ 1; the common choice is x = 0.15, α = 0.6 (the default by name).
     *
     * @param x the symbol index x
     * @param alpha the parameter α
     * @return Mess3(x, α) of Marzen and Crutchfield (2017): 3 states, 3 symbols, whose beliefs form a fractal in the 2-simplex
     */
    public static Ghmm mess3(double x, double alpha) {
        requireProbability("x", x);
        requireProbability("alpha", alpha);
        if (x > 0.5) {
            throw new IllegalArgumentException("mess3 needs x <= 1/2 so that 1 − 2x >= 0, got x = " + x);
        }
        double beta = (1 - alpha) / 2;
        double y = 1 - 2 * x;
        Ghmm.Builder builder = Ghmm.builder().name("mess3");
        for (int a = 0; a < 3; a++) {
            double[][] t = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    t[i][j] = (a == j ? alpha : beta) * (i == j ? y : x);
                }
            }
            builder.symbol(Integer.toString(a), t);
        }
        return builder.requireHmm().build();
    }

    /**
     * A biased coin: one state, Pr(1) = p, Pr(0) = 1 − p.
     *
     * @param p Pr(1), in [0, 1]
     * @return a biased coin: one state, Pr(1) = p, Pr(0) = 1 − p
     */
    public static Ghmm biasedCoin(double p) {
        requireProbability("p", p);
        return Ghmm.builder().name("coin")
                .symbol("0", new double[][] {{1 - p}})
                .symbol("1", new double[][] {{p}})
                .requireHmm().build();
    }

    /**
     * The names {@link #byName} accepts.
     *
     * @return the names {@link #byName} accepts
     */
    public static Set<String> names() {
        return NAMED.keySet();
    }

    /**
     * The process named by {@code spec}: a name from {@link #names()}, optionally followed by a colon and
     * comma-separated {@code key=value} parameters, e.g. {@code "mess3:x=0.05,alpha=0.85"}.
     *
     * @throws IllegalArgumentException on an unknown name, an unknown or malformed parameter
     * @param spec a file path or a catalogue name
     * @return the process named by {@code spec}: a name from {@link #names()}, optionally followed by a colon and comma-separated {@code key=value} parameters, e.g. {@code "mess3:x=0.05,alpha=0.85"}
     */
    public static Ghmm byName(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec.trim() : spec.substring(0, colon).trim();
        Function<Params, Ghmm> factory = NAMED.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown process \"" + name + "\"; known: " + NAMED.keySet());
        }
        Params params = new Params(name, colon < 0 ? "" : spec.substring(colon + 1));
        Ghmm process = factory.apply(params);
        params.requireAllUsed();
        return process;
    }

    private static void requireProbability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " = " + p + " is not a probability in [0, 1]");
        }
    }

    /** Parsed {@code key=value} parameters that remember which were read. */
    private static final class Params {
        private final String process;
        private final Map<String, Double> values = new LinkedHashMap<>();

        Params(String process, String text) {
            this.process = process;
            for (String part : text.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("parameter \"" + part + "\" of " + process + " is not key=value");
                }
                String key = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                try {
                    values.put(key, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("parameter " + key + " of " + process + ": \"" + value + "\" is not a number");
                }
            }
        }

        double get(String key, double fallback) {
            Double v = values.remove(key);
            return v == null ? fallback : v;
        }

        void requireAllUsed() {
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown parameter(s) " + values.keySet() + " for process " + process);
            }
        }
    }
}
