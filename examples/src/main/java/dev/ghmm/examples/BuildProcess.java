package dev.ghmm.examples;

import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.util.Arrays;

/** Building a process from matrices, with a builder, and from the catalogue. */
public final class BuildProcess {
    private BuildProcess() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // the Z1R' of eq. 2.17, from nested arrays: T(x)[i][j] = Pr(next state j, symbol x | state i)
        double h = 0.5;
        Ghmm z = Ghmm.of(new double[][][] {
            {{1, 0, 0}, {0, 0, 0}, {0, h, 0}},
            {{0, 0, 0}, {0, 0, 1}, {0, h, 0}}}, new double[] {1, 1, 1});
        System.out.println(z + ", |1>> = " + Arrays.toString(z.one()) + ", initial = " + Arrays.toString(z.initial()));
        // a builder with named symbols; the initial belief defaults to the unique stationary distribution
        Ghmm even = Ghmm.builder().name("even")
                .symbol("a", new double[][] {{0.5, 0}, {0, 0}})
                .symbol("b", new double[][] {{0, 0.5}, {1, 0}})
                .requireHmm().build();
        System.out.println(even + ", stationary initial = " + Arrays.toString(even.initial()));
        // and by name, as on the command line
        System.out.println("catalogue: " + Catalogue.names());
        System.out.println(Catalogue.byName("mess3:x=0.05,alpha=0.85"));
    }
}
