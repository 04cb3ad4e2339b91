package dev.ghmm.factored.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.belief.FactorMarginals;
import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GeometryTest {
    private static double[][] beliefs(MixedStatePresentation msp) {
        double[][] beliefs = new double[msp.size()][];
        for (int b = 0; b < msp.size(); b++) {
            beliefs[b] = msp.belief(b);
        }
        return beliefs;
    }

    @Test
    void simplexCornersAreTheTriangle() {
        // Z1R' reaches the three corner beliefs 100, 010, 001 (MeasuresTest): they land on (0,0), (1,0), (½, √3/2)
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.z1rPrime(), 10, 1e-10);
        Projection xy = Projection.of(beliefs(msp), true);
        Set<String> corners = new HashSet<>();
        for (int b = 0; b < msp.size(); b++) {
            double[] eta = msp.belief(b);
            for (int i = 0; i < 3; i++) {
                if (Math.abs(eta[i] - 1) < 1e-12) {
                    corners.add(String.format(Locale.ROOT, "%d %.6f %.6f", i, xy.x()[b], xy.y()[b]));
                }
            }
        }
        assertEquals(Set.of("0 0.000000 0.000000", "1 1.000000 0.000000", "2 0.500000 0.866025"), corners);
        assertEquals("Pr(state 1) + Pr(state 2)/2", xy.xAxis());
    }

    @Test
    void principalAxesOfPlanarBeliefsKeepTheirDistances() {
        // Mess3 padded with a fourth state that is never reached: the beliefs lie in the plane η₃ = 0, so their
        // first two principal axes are an isometry of that plane, and the simplex map is one scaled by
        // 1/√2 (corners √2 apart in R³ are 1 apart in the triangle). Pairwise distances must agree up to √2.
        Ghmm mess = Catalogue.mess3(0.15, 0.6);
        double[][][] padded = new double[3][4][4];
        for (int x = 0; x < 3; x++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    padded[x][i][j] = mess.transfer(x).get(i, j);
                }
            }
            padded[x][3][3] = 1.0 / 3;
        }
        double[] initial = {mess.initial()[0], mess.initial()[1], mess.initial()[2], 0};
        MixedStatePresentation planar = MixedStatePresentation.enumerate(mess, 4, 1e-10);
        MixedStatePresentation embedded = MixedStatePresentation.enumerate(Ghmm.of(padded, initial), 4, 1e-10);
        assertEquals(planar.size(), embedded.size());
        Projection simplex = Projection.of(beliefs(planar), true);
        Projection pca = Projection.of(beliefs(embedded), true);
        for (int a = 0; a < planar.size(); a++) {
            for (int b = 0; b < a; b++) {
                double d2 = Math.hypot(simplex.x()[a] - simplex.x()[b], simplex.y()[a] - simplex.y()[b]);
                double d4 = Math.hypot(pca.x()[a] - pca.x()[b], pca.y()[a] - pca.y()[b]);
                assertEquals(Math.sqrt(2) * d2, d4, 1e-9, "beliefs " + a + ", " + b);
            }
        }
        // planar points: the two axes hold all the variance
        double first = Double.parseDouble(pca.xAxis().replaceAll(".*\\(([0-9.]+) %.*", "$1"));
        double second = Double.parseDouble(pca.yAxis().replaceAll(".*\\(([0-9.]+) %.*", "$1"));
        assertEquals(100, first + second, 0.11, pca.xAxis() + " / " + pca.yAxis());
        // the corners of an HMM's simplex project with the beliefs: state 0's corner (1,0,0,0) lies where the belief
        // (1,0,0) of the plane goes, at √2 times the simplex distance from every belief
        for (int b = 0; b < planar.size(); b++) {
            double d2 = Math.hypot(simplex.x()[b], simplex.y()[b]);
            double d4 = Math.hypot(pca.x()[b] - pca.corners()[0][0], pca.y()[b] - pca.corners()[1][0]);
            assertEquals(Math.sqrt(2) * d2, d4, 1e-9, "belief " + b + " to state 0");
        }
    }

    @Test
    void ghmmBeliefsAreDrawnInTheirOwnPlaneNotTheTriangle() {
        // Post Quantum is a 3-state GHMM: its predictive vectors η (η·1 = 1, entries may be negative) lie in a plane
        // of R³; drawn on its principal axes, distances are those of R³ (an isometry), not of the barycentric map
        Ghmm quantum = Catalogue.postQuantum(1, 0.5);
        double[][] eta = beliefs(MixedStatePresentation.enumerate(quantum, 5, 1e-10));
        Projection xy = Projection.of(eta, quantum.isHmm());
        assertTrue(xy.xAxis().startsWith("principal axis 1"), xy.xAxis());
        assertEquals(null, xy.corners(), "a GHMM has no simplex to mark");
        for (int a = 0; a < eta.length; a++) {
            for (int b = 0; b < a; b++) {
                double d3 = Math.sqrt(Math.pow(eta[a][0] - eta[b][0], 2) + Math.pow(eta[a][1] - eta[b][1], 2) + Math.pow(eta[a][2] - eta[b][2], 2));
                assertEquals(d3, Math.hypot(xy.x()[a] - xy.x()[b], xy.y()[a] - xy.y()[b]), 1e-9, "beliefs " + a + ", " + b);
            }
        }
    }

    @Test
    void titlesComeFromTheStructure() {
        assertEquals("mess3(x=0.15, α=0.6)", Titles.of(Catalogue.mess3(0.15, 0.6)));
        assertEquals("mess3(x=0.05, α=0.85)", Titles.of(Catalogue.byName("mess3:x=0.05,alpha=0.85")));
        assertEquals("leaky-rrxor(pR1=0.5, pR2=0.5, ε=0.1)", Titles.of(Catalogue.byName("leaky-rrxor")));
        assertEquals("post-quantum(ln α=1, β=0.5) × z1r-prime", Titles.of(FactoredProcess.of(Catalogue.postQuantum(1, 0.5), Catalogue.z1rPrime())));
        // a sum as a factor is an operand in parentheses; the components keep their parameters
        DirectSum coins = DirectSum.of(new double[] {0.5, 0.5}, Catalogue.biasedCoin(0.5), Catalogue.biasedCoin(0.9));
        assertEquals("(coin(p=0.5) + coin(p=0.9)) × z1r(p=0.5)", Titles.of(FactoredProcess.of(coins, Catalogue.z1r())));
        // a factor of two variants chosen by its parent's symbol
        FactoredProcess chain = FactoredProcess.builder().factor(Catalogue.z1r()).factor(Catalogue.biasedCoin(0.5), Catalogue.biasedCoin(0.9))
                .chain().build();
        assertEquals("z1r(p=0.5) × {coin(p=0.5) | coin(p=0.9)}", Titles.of(chain));
        // the joint of a product is one GHMM: its name, as it is
        assertEquals("z1r-prime x z1r-prime", Titles.of(FactoredCatalogue.z1rPrimeSquared().joint()));
        // a noisy process: its process's title, then the channel
        NoisyProcess noisy = NoisyProcess.of(FactoredProcess.of(Catalogue.mess3(0.15, 0.6), Catalogue.z1r()),
                new NoisyChannel(0.1, NoisyChannel.Over.FACTORS, NoisyChannel.Updates.RECEIVED));
        assertEquals("noisy(mess3(x=0.15, α=0.6) × z1r(p=0.5); ε=0.1, over factors, updates received)", Titles.of(noisy));
        // a factor's points are titled as the factor is in the process's title
        MixedStatePresentation msp = MixedStatePresentation.enumerate(chain, 2, 1e-10);
        assertTrue(BeliefPoints.of(msp).get(1).title().startsWith("factor 1: {coin(p=0.5) | coin(p=0.9)} ("), BeliefPoints.of(msp).get(1).title());
    }

    @Test
    void aFactorsPointsAreItsOwnBeliefsOnceEach() {
        // Z1R' × Z1R': every factor belief is one of the 7 beliefs of Z1R' alone (enumerated separately), each once
        FactoredProcess zz = FactoredCatalogue.z1rPrimeSquared();
        MixedStatePresentation msp = MixedStatePresentation.enumerate(zz, 20, 1e-10);
        MixedStatePresentation alone = MixedStatePresentation.enumerate(Catalogue.z1rPrime(), 20, 1e-10);
        assertEquals(7, alone.size());
        List<BeliefPoints> points = BeliefPoints.of(msp);
        assertEquals(2, points.size());
        Set<String> expected = new TreeSet<>();
        for (double[] eta : beliefs(alone)) {
            expected.add(rounded(eta));
        }
        FactorMarginals marginals = FactorMarginals.of(zz.factor(0).one(), zz.factor(1).one());
        for (int f = 0; f < 2; f++) {
            BeliefPoints p = points.get(f);
            assertTrue(p.title().startsWith("factor " + f + ": z1r-prime (7 marginals of " + msp.size() + " beliefs to depth 20, finite"), p.title());
            Set<String> found = new TreeSet<>();
            for (double[] eta : p.beliefs()) {
                found.add(rounded(eta));
            }
            assertEquals(expected, found);
            assertEquals(1.0, Arrays.stream(p.occupation()).sum(), 1e-12, "the occupations of the nodes are shared out");
            assertTrue(p.hmm());
            // the filter's factor belief of every node is the marginal of its joint belief
            for (int b = 0; b < msp.size(); b++) {
                assertArrayEquals(marginals.marginal(msp.belief(b), f), msp.part(b, f), 1e-12);
            }
        }
    }

    @Test
    void aProcessIsOneSetOfItsNodes() {
        Ghmm mess = Catalogue.mess3(0.15, 0.6);
        MixedStatePresentation msp = MixedStatePresentation.enumerate(mess, 3, 1e-10);
        List<BeliefPoints> points = BeliefPoints.of(msp);
        assertEquals(1, points.size());
        assertEquals("mess3(x=0.15, α=0.6): " + msp.size() + " beliefs to depth 3", points.get(0).title());
        assertEquals(msp.size(), points.get(0).beliefs().length);
        // the initial belief is stationary and uniform: no symbol is likelier than 0
        assertEquals(0, points.get(0).likeliest()[0]);
        assertEquals(List.of("0", "1", "2"), List.of(points.get(0).symbols()));
    }

    private static String rounded(double[] eta) {
        StringBuilder s = new StringBuilder();
        for (double v : eta) {
            s.append(String.format(Locale.ROOT, "%.9f ", v));
        }
        return s.toString();
    }
}
