package dev.ghmm.process;

import dev.ghmm.Vectors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Named standard processes, with their matrices written out below and their sources; states are listed in
 * the order of the matrices' rows. Most are HMMs; Tom Quantum, Fanizza and Post Quantum are GHMMs with
 * negative entries, and {@link #nonergodic} is a direct sum. {@link #byName} resolves the names the command
 * line uses, with parameters as in {@code "mess3:x=0.05,alpha=0.85"}. Every process is named by the catalogue
 * string that rebuilds it, all parameters included ({@code mess3(0.15, 0.6)} is {@code "mess3:x=0.15,alpha=0.6"}),
 * so that outputs and pictures tell parameter sets apart.
 */
public final class Catalogue {
    private static final Map<String, Function<Params, Ghmm>> NAMED = new LinkedHashMap<>();
    private static final Set<String> NAMES = Collections.unmodifiableSet(NAMED.keySet());
    /**
     * The names of Astera-org/simplexity's catalogue for the same processes, and its parameter names where they differ
     * (its {@code nonergodic(p, q)} is another process than ghmm's and has no alias).
     */
    private static final Map<String, String> PEER_NAMES = Map.of("days_of_week", "days-of-the-week", "even_ones", "even-ones",
            "no_consecutive_ones", "no-consecutive-ones", "post_quantum", "post-quantum", "tom_quantum", "tom-quantum", "zero_one_random", "z1r");
    private static final Map<String, Map<String, String>> PEER_PARAMETERS = Map.of("mess3", Map.of("a", "alpha"), "fanizza",
            Map.of("lamb", "lambda"), "post-quantum", Map.of("log_alpha", "logAlpha"));

    static {
        NAMED.put("z1r", p -> zeroOneRandom(p.get("p", 0.5)));
        NAMED.put("z1r-prime", p -> z1rPrime());
        NAMED.put("z1r-x-z1r", p -> z1rPrimeSquared());
        NAMED.put("even", p -> even(p.get("p", 0.5)));
        NAMED.put("even-ones", p -> even(p.get("p", 0.5)));
        NAMED.put("golden-mean", p -> goldenMean(p.get("p", 0.5)));
        NAMED.put("no-consecutive-ones", p -> goldenMean(p.get("p", 0.5)));
        NAMED.put("rrxor", p -> rrxor(p.get("pR1", 0.5), p.get("pR2", 0.5)));
        NAMED.put("leaky-rrxor", p -> leakyRrxor(p.get("pR1", 0.5), p.get("pR2", 0.5), p.get("epsilon", 0.1)));
        NAMED.put("mess3", p -> mess3(p.get("x", 0.15), p.get("alpha", 0.6)));
        NAMED.put("coin", p -> biasedCoin(p.get("p", 0.5)));
        NAMED.put("tom-quantum", p -> tomQuantum(p.get("alpha", 1.0), p.get("beta", 0.5)));
        NAMED.put("fanizza", p -> fanizza(p.get("alpha", 1.0), p.get("lambda", 0.5)));
        NAMED.put("post-quantum", p -> postQuantum(p.get("logAlpha", 1.0), p.get("beta", 0.5)));
        NAMED.put("days-of-the-week", p -> daysOfTheWeek());
        NAMED.put("nonergodic", p -> nonergodic(p.get("w", 0.5)));
        NAMED.put("matching-parens", Catalogue::matchingParensByName);
        NAMED.put("mr-name", p -> mrName(p.get("p", 0.4), p.get("q", 0.25)));
        NAMED.put("sns", p -> sns(p.get("p", 0.5), p.get("q", 0.5)));
    }

    private Catalogue() {
    }

    /**
     * The standard Zero-One-Random process (Crutchfield and Feldman 2003): {@link #zeroOneRandom} with p = 1/2.
     *
     * @return Z1R with a fair random bit
     */
    public static Ghmm z1r() {
        return zeroOneRandom(0.5);
    }

    /**
     * The Zero-One-Random process, states (S0, S1, SR): S0 emits 0 and moves to S1, S1 emits 1 and moves to
     * SR, SR emits 1 with probability p (0 with 1 − p) and moves to S0. Its stationary distribution is
     * uniform for every p, which is the initial belief.
     *
     * @param p Pr(1 | SR), in [0, 1]
     * @return Z1R(p)
     */
    public static Ghmm zeroOneRandom(double p) {
        requireProbability("p", p);
        return Ghmm.builder().name(spec("z1r", "p", p))
                .symbol("0", new double[][] {{0, 1, 0}, {0, 0, 0}, {1 - p, 0, 0}})
                .symbol("1", new double[][] {{0, 0, 0}, {0, 0, 1}, {p, 0, 0}})
                .requireHmm().build();
    }

    /**
     * {@return the partition-preserving Z1R' of eq. 2.17, states (S0, S1, SR), which preserves span{S0} ⊕ span{S1,
     * SR} (eq. 2.16)} T' (eq. 2.18) has two closed classes, the absorbing {S0} and the 2-cycle {S1, SR}, so there
     * is no unique stationary distribution: the initial belief is uniform, (1/3, 1/3, 1/3), the stationary
     * distribution of the standard Z1R.
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
     * {@return Z1R' × Z1R' of eq. 2.19–2.22: T<sub>A</sub> = T'<sub>0</sub> ⊗ T'<sub>0</sub>, T<sub>B</sub> =
     * T'<sub>0</sub> ⊗ T'<sub>1</sub>, T<sub>C</sub> = T'<sub>1</sub> ⊗ T'<sub>0</sub>, T<sub>D</sub> =
     * T'<sub>1</sub> ⊗ T'<sub>1</sub> as structured Kronecker operators, symbols A, B, C, D (eq. 2.20), states in
     * the lexicographic order of eq. 2.19, initial belief uniform over the 9 states}
     */
    public static Ghmm z1rPrimeSquared() {
        Ghmm factor = z1rPrime();
        return Ghmm.kron(factor, factor).withSymbolNames("A", "B", "C", "D").withName("z1r-x-z1r");
    }

    /**
     * {@return the Even process (Crutchfield and Feldman 2003), states (A, B): A emits 0 and stays with
     * probability 1 − p, or emits 1 and moves to B with probability p; B emits 1 and returns to A} Blocks of 1s
     * between 0s have even length. The standard process has p = 1/2.
     *
     * @param p Pr(1 | A), in [0, 1]
     */
    public static Ghmm even(double p) {
        requireProbability("p", p);
        return Ghmm.builder().name(spec("even", "p", p))
                .symbol("0", new double[][] {{1 - p, 0}, {0, 0}})
                .symbol("1", new double[][] {{0, p}, {1, 0}})
                .requireHmm().build();
    }

    /**
     * {@return the Golden Mean process (no two consecutive 1s), states (A, B): A emits 0 and stays with
     * probability 1 − p, or emits 1 and moves to B with probability p; B emits 0 and returns to A} Standard: p =
     * 1/2.
     *
     * @param p Pr(1 | A), in [0, 1]
     */
    public static Ghmm goldenMean(double p) {
        requireProbability("p", p);
        return Ghmm.builder().name(spec("golden-mean", "p", p))
                .symbol("0", new double[][] {{1 - p, 0}, {1, 0}})
                .symbol("1", new double[][] {{0, p}, {0, 0}})
                .requireHmm().build();
    }

    /**
     * The standard Random-Random-XOR process: {@link #rrxor(double, double)} with fair bits.
     *
     * @return RRXOR(1/2, 1/2)
     */
    public static Ghmm rrxor() {
        return rrxor(0.5, 0.5);
    }

    /**
     * The Random-Random-XOR process (Crutchfield and Feldman 2003), states (S, R0, R1, T, F): two random bits
     * then their XOR. S emits b = 0 with probability pR1 (b = 1 with 1 − pR1) and moves to R<sub>b</sub>;
     * R<sub>b</sub> emits c = 0 with probability pR2 (c = 1 with 1 − pR2) and moves to T if b ⊕ c = 1, else to
     * F; T emits 1 and F emits 0, both returning to S.
     *
     * @param pR1 Pr(0 | S), in [0, 1]
     * @param pR2 Pr(0 | R<sub>b</sub>), in [0, 1]
     * @return RRXOR(pR1, pR2)
     */
    public static Ghmm rrxor(double pR1, double pR2) {
        double[][][] t = rrxorMatrices(pR1, pR2);
        return Ghmm.builder().name(spec("rrxor", "pR1", pR1, "pR2", pR2)).symbol("0", t[0]).symbol("1", t[1]).requireHmm().build();
    }

    /**
     * Leaky RRXOR(pR1, pR2, ε): {@link #rrxor(double, double)} mixed with a uniform leak,
     * T<sub>ε</sub>(x) = (1 − ε)·T<sub>RRXOR</sub>(x) + (ε/10)·J for both symbols x, where J is the 5×5 matrix of
     * ones; states (S, R0, R1, T, F) as in RRXOR. Every row of T<sub>ε</sub> still sums to 1 (2 symbols × 5
     * states × ε/10 = ε), so with probability ε a step forgets the state and emits a fair bit into a uniformly
     * chosen state. For ε &gt; 0 every transition is possible, so every word has positive probability; ε = 0 is
     * RRXOR itself. Parameters follow {@link #rrxor(double, double)}: pR1 and pR2 are probabilities of emitting
     * 0, as are the p1 and p2 of the source (not Pr(1), as in {@link #zeroOneRandom} and {@link #biasedCoin}).
     * Source: the leaky_rrxor process of Astera-org/simplexity.
     *
     * @param pR1 Pr(0 | S) before the leak, in [0, 1]
     * @param pR2 Pr(0 | R<sub>b</sub>) before the leak, in [0, 1]
     * @param epsilon the leak ε, in [0, 1]
     * @return leaky RRXOR(pR1, pR2, ε)
     */
    public static Ghmm leakyRrxor(double pR1, double pR2, double epsilon) {
        requireProbability("epsilon", epsilon);
        double[][][] t = rrxorMatrices(pR1, pR2);
        for (double[][] tx : t) {
            for (double[] row : tx) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (1 - epsilon) * row[j] + epsilon / 10;
                }
            }
        }
        return Ghmm.builder().name(spec("leaky-rrxor", "pR1", pR1, "pR2", pR2, "epsilon", epsilon)).symbol("0", t[0]).symbol("1", t[1]).requireHmm().build();
    }

    private static double[][][] rrxorMatrices(double pR1, double pR2) {
        requireProbability("pR1", pR1);
        requireProbability("pR2", pR2);
        double q1 = 1 - pR1;
        double q2 = 1 - pR2;
        return new double[][][] {
            {{0, pR1, 0, 0, 0}, {0, 0, 0, 0, pR2}, {0, 0, 0, pR2, 0}, {0, 0, 0, 0, 0}, {1, 0, 0, 0, 0}},
            {{0, 0, q1, 0, 0}, {0, 0, 0, q2, 0}, {0, 0, 0, 0, q2}, {1, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
        };
    }

    /**
     * {@return Mess3(x, α) of Marzen and Crutchfield (2017): 3 states, 3 symbols, whose beliefs form a fractal in
     * the 2-simplex} With β = (1 − α)/2 and y = 1 − 2x, T(a)<sub>ij</sub> = e<sub>aj</sub>·t<sub>ij</sub> where
     * e<sub>aj</sub> = α if a = j else β, and t<sub>ij</sub> = y if i = j else x. Requires 0 &lt; x ≤ 1/2 (x = 0 has no
     * unique stationary belief) and 0 ≤ α ≤ 1; the common choice is x = 0.15, α = 0.6 (the default by name).
     *
     * @param x the probability x of moving to each other state, in (0, 1/2]
     * @param alpha the probability α that a state emits its own symbol, in [0, 1]
     */
    public static Ghmm mess3(double x, double alpha) {
        requireProbability("x", x);
        requireProbability("alpha", alpha);
        if (x > 0.5) {
            throw new IllegalArgumentException("mess3 needs x <= 1/2 so that 1 − 2x >= 0, got x = " + x);
        }
        if (x == 0) {
            throw new IllegalArgumentException("mess3 needs x > 0: with x = 0 no state is left, so there is no unique stationary belief"
                    + " to start from");
        }
        double beta = (1 - alpha) / 2;
        double y = 1 - 2 * x;
        GhmmBuilder builder = Ghmm.builder().name(spec("mess3", "x", x, "alpha", alpha));
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
     * {@return a biased coin: one state, Pr(1) = p, Pr(0) = 1 − p}
     *
     * @param p Pr(1), in [0, 1]
     */
    public static Ghmm biasedCoin(double p) {
        requireProbability("p", p);
        return Ghmm.builder().name(spec("coin", "p", p))
                .symbol("0", new double[][] {{1 - p}})
                .symbol("1", new double[][] {{p}})
                .requireHmm().build();
    }

    /**
     * Tom Quantum(α, β): a qubit measured in one of two bases at random, written as a 3-state GHMM with
     * negative entries and 4 symbols (outcome ± in basis 1, outcome ± in basis 2). With γ² = 1/(4(α² + β²)),
     * c = 1/4, m = (α² − β²)γ² and o = 2αβγ²:
     * T(0) = [[c, 0, o], [0, m, 0], [o, 0, c]], T(1) = the same with −o, T(2) = [[c, o, 0], [o, c, 0],
     * [0, 0, m]], T(3) = the same with −o. Then T = diag(1, r, r) with r = α²/(α² + β²), so |1⟩⟩ = e<sub>0</sub>
     * and the initial (stationary) belief is e<sub>0</sub>; both are given explicitly, since for β = 0 the
     * eigenvalue-1 eigenspace is degenerate. Source: the tom_quantum matrices of Astera-org/simplexity.
     *
     * @param alpha α, finite
     * @param beta β, finite, with α² + β² finite and &gt; 0
     * @return Tom Quantum(α, β)
     */
    public static Ghmm tomQuantum(double alpha, double beta) {
        requireFinite("alpha", alpha);
        requireFinite("beta", beta);
        double norm = alpha * alpha + beta * beta;
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new IllegalArgumentException("tom-quantum needs α² + β² finite and > 0, got α = " + alpha + ", β = " + beta
                    + " (α² + β² = " + norm + ")");
        }
        double gamma2 = 1 / (4 * norm);
        double c = 0.25;
        double m = (alpha * alpha - beta * beta) * gamma2;
        double o = 2 * alpha * beta * gamma2;
        double[] e0 = {1, 0, 0};
        return Ghmm.builder().name(spec("tom-quantum", "alpha", alpha, "beta", beta))
                .symbol("0", new double[][] {{c, 0, o}, {0, m, 0}, {o, 0, c}})
                .symbol("1", new double[][] {{c, 0, -o}, {0, m, 0}, {-o, 0, c}})
                .symbol("2", new double[][] {{c, o, 0}, {o, c, 0}, {0, 0, m}})
                .symbol("3", new double[][] {{c, -o, 0}, {-o, c, 0}, {0, 0, m}})
                .one(e0).initial(e0).build();
    }

    /**
     * The Fanizza process (α, λ): a 4-state GHMM with negative entries and no finite HMM presentation, symbols
     * a and b. With D = 1 − 2λ cos α + λ², A = (1 − λ cos α + λ sin α)/D and B = (1 − λ cos α − λ sin α)/D,
     * the reset vector π<sub>0</sub> = (1 − (2/(1 − λ) − A − B)/4, 1/(2(1 − λ)), −A/4, −B/4) and
     * w = (1, 1 − λ, 1 + λ(sin α − cos α), 1 − λ(sin α + cos α)): T(a) = |w⟩⟨π<sub>0</sub>| (emitting a resets
     * the belief to π<sub>0</sub>) and T(b) = λ·(0 ⊕ 1 ⊕ R(α)) with R(α) the rotation by α. Every row of T sums
     * to 1, so |1⟩⟩ = 𝟏 and Pr(a | η) = ⟨⟨η|w⟩⟩. Initial belief: the unique stationary vector. Only
     * 0 &lt; λ &lt; 1 is checked; whether every word has non-negative probability depends on (α, λ) and is
     * not checked. Source: the fanizza matrices of Astera-org/simplexity.
     *
     * @param alpha the rotation angle α, in radians
     * @param lambda the contraction λ, in (0, 1)
     * @return Fanizza(α, λ)
     */
    public static Ghmm fanizza(double alpha, double lambda) {
        requireFinite("alpha", alpha);
        if (!(lambda > 0 && lambda < 1)) {
            throw new IllegalArgumentException("fanizza needs 0 < λ < 1, got λ = " + lambda);
        }
        double cos = Math.cos(alpha);
        double sin = Math.sin(alpha);
        double d = 1 - 2 * lambda * cos + lambda * lambda;
        double a = (1 - lambda * cos + lambda * sin) / d;
        double b = (1 - lambda * cos - lambda * sin) / d;
        double[] reset = {1 - (2 / (1 - lambda) - a - b) / 4, 1 / (2 * (1 - lambda)), -a / 4, -b / 4};
        double[] w = {1, 1 - lambda, 1 + lambda * (sin - cos), 1 - lambda * (sin + cos)};
        double[][] ta = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                ta[i][j] = w[i] * reset[j];
            }
        }
        double[][] tb = {{0, 0, 0, 0}, {0, lambda, 0, 0}, {0, 0, lambda * cos, -lambda * sin}, {0, 0, lambda * sin, lambda * cos}};
        return Ghmm.builder().name(spec("fanizza", "alpha", alpha, "lambda", lambda)).symbol("a", ta).symbol("b", tb).one(Vectors.ones(4)).build();
    }

    /**
     * The Post Quantum process (ln α, β): a 3-state GHMM with negative entries, published unnormalised and
     * normalised here by {@link GhmmBuilder#normalise}. Before normalisation T(0) = |m⟩⟨μ| with
     * m = (1, 1, 0)ᵀ and μ = (1, −1, −1), and T(1) = M(α), T(2) = M(β) with M(v) = [[v, 0, 0], [0, 1, 0],
     * [0, ln v, 1]]; every T(x) is then divided by the spectral radius of T, and |1⟩⟩ is its eigenvector.
     * Validity conditions: α &gt; 1 &gt; β &gt; 0, α + β ≠ 2 and ln α / ln β irrational. Irrationality cannot
     * be decided in floating point: the ratio is refused when within 10⁻⁹ of a fraction with denominator at
     * most 100. Since ⟨μ|m⟩ = 0, the word "0 0" has probability zero. Initial belief: the unique stationary
     * vector. Source: the post_quantum matrices of Astera-org/simplexity.
     *
     * @param logAlpha ln α &gt; 0
     * @param beta β in (0, 1)
     * @return Post Quantum(ln α, β)
     */
    public static Ghmm postQuantum(double logAlpha, double beta) {
        requireFinite("logAlpha", logAlpha);
        double alpha = Math.exp(logAlpha);
        if (Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("post-quantum needs α = e^logAlpha finite, got logAlpha = " + logAlpha + " (α = Infinity)");
        }
        if (!(alpha > 1 && beta < 1 && beta > 0)) {
            throw new IllegalArgumentException("post-quantum needs α > 1 > β > 0, got α = e^" + logAlpha + " = " + alpha + ", β = " + beta);
        }
        if (Math.abs(alpha + beta - 2) <= 1e-12) {
            throw new IllegalArgumentException("post-quantum needs α + β ≠ 2, got α = " + alpha + ", β = " + beta);
        }
        double ratio = logAlpha / Math.log(beta);
        for (int q = 1; q <= 100; q++) {
            if (Math.abs(ratio * q - Math.rint(ratio * q)) <= 1e-9 * q) {
                throw new IllegalArgumentException("post-quantum needs ln α / ln β irrational, got " + ratio + " ≈ "
                        + (long) Math.rint(ratio * q) + "/" + q);
            }
        }
        return Ghmm.builder().name(spec("post-quantum", "logAlpha", logAlpha, "beta", beta))
                .symbol("0", new double[][] {{1, -1, -1}, {1, -1, -1}, {0, 0, 0}})
                .symbol("1", new double[][] {{alpha, 0, 0}, {0, 1, 0}, {0, logAlpha, 1}})
                .symbol("2", new double[][] {{beta, 0, 0}, {0, 1, 0}, {0, Math.log(beta), 1}})
                .normalise().build();
    }

    /**
     * The Days of the Week process: 7 states (M, Tu, W, Th, F, Sa, Su) and 11 symbols (the 7 day names, then
     * Tmrw, Yest, Wknd, Wkdy). From day d, with weights out of 15: name the next day and move to it (5), name
     * any other day and move to it (1 each, 6 in all, d itself included), say Tmrw and move to the next day
     * (1), say Yest and move to the previous day (1), say Wkdy and move to a uniformly chosen weekday (1), say
     * Wknd and move to a uniformly chosen weekend day (1). Initial belief: the unique stationary distribution.
     * Source: the days_of_week process of Astera-org/simplexity.
     *
     * @return the Days of the Week process
     */
    public static Ghmm daysOfTheWeek() {
        double[][][] t = new double[11][7][7];
        for (int d = 0; d < 7; d++) {
            int next = (d + 1) % 7;
            int previous = (d + 6) % 7;
            for (int e = 0; e < 7; e++) {
                t[e][d][e] = (e == next ? 5.0 : 1.0) / 15;
                t[10][d][e] = e < 5 ? 1.0 / 75 : 0.0;
                t[9][d][e] = e < 5 ? 0.0 : 1.0 / 30;
            }
            t[7][d][next] = 1.0 / 15;
            t[8][d][previous] = 1.0 / 15;
        }
        GhmmBuilder builder = Ghmm.builder().name("days-of-the-week");
        String[] names = {"M", "Tu", "W", "Th", "F", "Sa", "Su", "Tmrw", "Yest", "Wknd", "Wkdy"};
        for (int x = 0; x < names.length; x++) {
            builder.symbol(names[x], t[x]);
        }
        return builder.requireHmm().build();
    }

    /**
     * A nonergodic process built as a {@link DirectSum}: with probability w the Zero-One-Random process, with
     * probability 1 − w the Golden Mean process (p = 1/2), both over the symbols 0 and 1. The word "1 1"
     * reveals Z1R (the Golden Mean process never emits it), so Pr(1 1) = w·1/6.
     *
     * @param w the weight of Z1R, in [0, 1]
     * @return w·Z1R ⊕ (1 − w)·GoldenMean(1/2)
     */
    public static Ghmm nonergodic(double w) {
        requireProbability("w", w);
        return DirectSum.of(new double[] {w, 1 - w}, z1r(), goldenMean(0.5)).joint().withName(spec("nonergodic", "w", w));
    }

    /**
     * Matching Parentheses: the depth of a string of balanced parentheses, as a birth–death chain. States are the
     * depths 0, 1, …, n with n = {@code open.length}, symbols "(" and ")". At depth d &lt; n the process emits "("
     * and moves to d + 1 with probability {@code open[d]}, or emits ")" and moves to d − 1 with
     * 1 − {@code open[d]}; at depth n it emits ")" and moves to n − 1. Depth 0 cannot close, so
     * {@code open[0]} must be 1. Since the chain goes up and down by one, π<sub>d+1</sub>·(1 − open[d+1]) =
     * π<sub>d</sub>·open[d] (with open[n] = 0) gives the stationary distribution, the initial belief. By name,
     * {@code matching-parens:depth=3,p=0.5,p2=0.7} is open = (1, 0.5, 0.7): {@code depth} is n (default 3),
     * {@code p} the open probability at every depth 1, …, n − 1 (default 1/2), and {@code p<d>} overrides depth d.
     * Source: the matching_parens process of Astera-org/simplexity, whose open_probs is {@code open}.
     *
     * @param open Pr("(" | depth d) for d = 0, …, n − 1: {@code open[0]} = 1, the others in (0, 1]
     * @return Matching Parentheses with maximum depth {@code open.length}
     */
    public static Ghmm matchingParens(double... open) {
        if (open.length == 0) {
            throw new IllegalArgumentException("matching-parens needs at least one open probability, Pr(\"(\" | depth 0) = 1");
        }
        if (open[0] != 1) {
            throw new IllegalArgumentException("matching-parens needs open[0] = 1 (depth 0 cannot close), got " + open[0]);
        }
        for (int d = 1; d < open.length; d++) {
            if (!(open[d] > 0 && open[d] <= 1)) {
                throw new IllegalArgumentException("matching-parens needs open[" + d + "] in (0, 1], got " + open[d]);
            }
        }
        int n = open.length;
        double[][] opening = new double[n + 1][n + 1];
        double[][] closing = new double[n + 1][n + 1];
        for (int d = 0; d < n; d++) {
            opening[d][d + 1] = open[d];
            closing[d + 1][d] = d + 1 < n ? 1 - open[d + 1] : 1;
        }
        Object[] parameters = new Object[2 * n];
        parameters[0] = "depth";
        parameters[1] = n;
        for (int d = 1; d < n; d++) {
            parameters[2 * d] = "p" + d;
            parameters[2 * d + 1] = open[d];
        }
        return Ghmm.builder().name(spec("matching-parens", parameters)).symbol("(", opening).symbol(")", closing).requireHmm().build();
    }

    private static Ghmm matchingParensByName(Params params) {
        int depth = params.getInt("depth", 3);
        if (depth < 1) {
            throw new IllegalArgumentException("matching-parens needs depth >= 1, got " + depth);
        }
        double p = params.get("p", 0.5);
        double[] open = new double[depth];
        open[0] = 1;
        for (int d = 1; d < depth; d++) {
            open[d] = params.get("p" + d, p);
        }
        return matchingParens(open);
    }

    /**
     * The Mr. Name process: a Markov chain over the words "Mr.", "Something", "Blah" and "name", in which each
     * state is the last word said (states and symbols in that order). "Mr." is always followed by "name"; "name"
     * by "Something" or "Blah" with 1/2 each; "Something" by "Mr." with probability q, by "Blah" with p and by
     * itself with 1 − p − q; "Blah" likewise by "Mr." with q, "Something" with p and itself with 1 − p − q.
     * Writing s for the stationary weight of "Something" (= that of "Blah" by symmetry), "Mr." and "name" have
     * 2qs each, so π = (2q, 1, 1, 2q)/(2 + 4q), the initial belief. p = q = 0 leaves "Something" and "Blah" each
     * absorbing, with no unique stationary distribution, and is refused. Source: the mr_name process of
     * Astera-org/simplexity (two copies with different names make its Mr. Dursley/Wonka nonergodic process); the
     * default by name is its p = 0.4, q = 0.25.
     *
     * @param p Pr(switch filler word), in [0, 1]
     * @param q Pr("Mr." | a filler word), in [0, 1], with p + q ≤ 1 and p + q &gt; 0
     * @return Mr. Name(p, q)
     */
    public static Ghmm mrName(double p, double q) {
        requireProbability("p", p);
        requireProbability("q", q);
        if (!(p + q > 0 && p + q <= 1 + 1e-12)) {
            throw new IllegalArgumentException("mr-name needs 0 < p + q <= 1, got p = " + p + ", q = " + q);
        }
        double stay = Math.max(0, 1 - p - q);
        int mr = 0;
        int something = 1;
        int blah = 2;
        int name = 3;
        double[][][] t = new double[4][4][4];
        t[name][mr][name] = 1;
        t[something][name][something] = 0.5;
        t[blah][name][blah] = 0.5;
        for (int filler : new int[] {something, blah}) {
            int other = filler == something ? blah : something;
            t[mr][filler][mr] = q;
            t[filler][filler][filler] = stay;
            t[other][filler][other] = p;
        }
        return Ghmm.builder().name(spec("mr-name", "p", p, "q", q))
                .symbol("Mr.", t[mr]).symbol("Something", t[something]).symbol("Blah", t[blah]).symbol("name", t[name])
                .requireHmm().build();
    }

    /**
     * The Simple Nonunifilar Source SNS(p, q) of Marzen and Crutchfield (2017, Fig. 2), states (A, B): A emits 0
     * and stays with probability 1 − p or moves to B with p; B emits 0 and stays with 1 − q, or emits 1 and
     * returns to A with q. Emitting 0 from A leaves the state uncertain (the presentation is nonunifilar), and
     * a 1 resynchronises to A. The stationary distribution (q, p)/(p + q) is the initial belief; p = q = 0 has
     * two absorbing states and is refused. Both parameters are those of the source; q = Pr(1 | B) matches the
     * Pr(1) convention of {@link #even} and {@link #biasedCoin}, while p is a transition probability, not a
     * symbol probability. Source: the sns process of Astera-org/simplexity, which cites arXiv:1702.08565, Fig. 2.
     *
     * @param p Pr(A → B), emitting 0, in [0, 1]
     * @param q Pr(1 | B), in [0, 1], with p + q &gt; 0
     * @return SNS(p, q)
     */
    public static Ghmm sns(double p, double q) {
        requireProbability("p", p);
        requireProbability("q", q);
        if (p + q == 0) {
            throw new IllegalArgumentException("sns needs p + q > 0 (else A and B are both absorbing), got p = q = 0");
        }
        return Ghmm.builder().name(spec("sns", "p", p, "q", q))
                .symbol("0", new double[][] {{1 - p, p}, {0, 1 - q}})
                .symbol("1", new double[][] {{0, 0}, {q, 0}})
                .requireHmm().build();
    }

    /**
     * The names {@link #byName} accepts, in the order they were registered; the set is read-only.
     *
     * @return the names {@link #byName} accepts
     */
    public static Set<String> names() {
        return NAMES;
    }

    /**
     * {@return the process named by {@code spec}: a name from {@link #names()}, optionally followed by a colon and
     * comma-separated {@code key=value} parameters, e.g. {@code "mess3:x=0.05,alpha=0.85"}}
     *
     * @throws IllegalArgumentException on an unknown name, an unknown or malformed parameter
     * @param spec a file path or a catalogue name
     */
    public static Ghmm byName(String spec) {
        int colon = spec.indexOf(':');
        String given = colon < 0 ? spec.trim() : spec.substring(0, colon).trim();
        String name = PEER_NAMES.getOrDefault(given, given);
        Function<Params, Ghmm> factory = NAMED.get(name);
        if (factory == null) {
            List<String> known = new ArrayList<>(NAMED.keySet());
            known.addAll(PEER_NAMES.keySet());
            throw new IllegalArgumentException("unknown process \"" + given + "\"" + suggestion(given, known) + "; known: " + NAMED.keySet()
                    + " (and simplexity's names " + new TreeSet<>(PEER_NAMES.keySet()) + ")");
        }
        Params params = new Params(name, colon < 0 ? "" : spec.substring(colon + 1), PEER_PARAMETERS.getOrDefault(name, Map.of()));
        Ghmm process = factory.apply(params);
        params.requireAllUsed();
        return process;
    }

    /**
     * The catalogue string that rebuilds a process through {@link #byName}: its name, a colon, then its parameters as
     * {@code key=value} separated by commas, integers without a decimal point ({@code "tom-quantum:alpha=1,beta=2"}).
     */
    private static String spec(String name, Object... keysAndValues) {
        StringJoiner parameters = new StringJoiner(",", name + ":", "");
        for (int k = 0; k < keysAndValues.length; k += 2) {
            double v = ((Number) keysAndValues[k + 1]).doubleValue();
            String value = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
            parameters.add(keysAndValues[k] + "=" + value);
        }
        return parameters.toString();
    }

    private static void requireFinite(String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " = " + v + " is not finite");
        }
    }

    private static void requireProbability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " = " + p + " is not a probability in [0, 1]");
        }
    }

    /** {@code " (did you mean NAME?)"} for the known name nearest to {@code given} within two edits, else empty. */
    private static String suggestion(String given, Collection<String> known) {
        String best = null;
        int distance = 3;
        for (String k : known) {
            int d = editDistance(given.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < distance) {
                best = k;
                distance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** The Levenshtein distance: insertions, deletions and substitutions of single characters. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** Parsed {@code key=value} parameters that remember which were read. */
    private static final class Params {
        private final String process;
        private final Map<String, Double> values = new LinkedHashMap<>();

        /** The keys the process asked for, in order: its parameters. */
        private final List<String> asked = new ArrayList<>();

        Params(String process, String text, Map<String, String> renames) {
            this.process = process;
            for (String part : text.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("parameter \"" + part + "\" of " + process + " is not key=value");
                }
                String key = renames.getOrDefault(part.substring(0, eq).trim(), part.substring(0, eq).trim());
                String value = part.substring(eq + 1).trim();
                if (values.containsKey(key)) {
                    throw new IllegalArgumentException("parameter " + key + " of " + process + " is given twice");
                }
                try {
                    values.put(key, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("parameter " + key + " of " + process + ": \"" + value + "\" is not a number");
                }
            }
        }

        double get(String key, double fallback) {
            asked.add(key);
            Double v = values.remove(key);
            return v == null ? fallback : v;
        }

        int getInt(String key, int fallback) {
            double v = get(key, fallback);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("parameter " + key + " of " + process + " must be an integer, got " + v);
            }
            return (int) v;
        }

        void requireAllUsed() {
            if (!values.isEmpty()) {
                String first = values.keySet().iterator().next();
                throw new IllegalArgumentException("unknown parameter(s) " + values.keySet() + " for process " + process + suggestion(first, asked)
                        + "; its parameters: " + (asked.isEmpty() ? "none" : String.join(", ", asked)));
            }
        }
    }
}
