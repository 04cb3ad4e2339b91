package dev.ghmm.operator;

import static dev.ghmm.testing.RandomProcesses.matrix;
import static dev.ghmm.testing.RandomProcesses.maxDifference;
import static dev.ghmm.testing.RandomProcesses.operator;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.partition.Partition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Every representation agrees with its dense materialisation, and the Kronecker identities hold. */
class OperatorProperties {
    private static final double EPS = 1e-12;

    /** Checks x·M and M·x of {@code op} against dense EJML products with {@code dense}, for a random x. */
    static void assertAgrees(Operator op, DMatrixRMaj dense, Random random) {
        int n = dense.numRows;
        assertEquals(n, op.dimension());
        double[] x = new double[n + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * random.nextDouble() - 1;
        }
        DMatrixRMaj xv = new DMatrixRMaj(1, n);
        System.arraycopy(x, 2, xv.data, 0, n);
        DMatrixRMaj left = new DMatrixRMaj(1, n);
        CommonOps_DDRM.mult(xv, dense, left);
        DMatrixRMaj right = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.mult(dense, new DMatrixRMaj(n, 1, true, xv.data), right);
        double[] y = new double[n + 1];
        // a workspace of exactly workspaceLength(), full of NaN: the kernels must write before they read
        double[] workspace = new double[op.workspaceLength()];
        Arrays.fill(workspace, Double.NaN);
        op.leftApply(x, 2, y, 1, workspace);
        for (int j = 0; j < n; j++) {
            assertEquals(left.get(j), y[j + 1], EPS * Math.max(1, n));
        }
        op.rightApply(x, 2, y, 1, workspace);
        for (int i = 0; i < n; i++) {
            assertEquals(right.get(i), y[i + 1], EPS * Math.max(1, n));
        }
        // the batch forms: row r of the result is the single application to row r
        double[] xs = new double[2 * n + 1];
        System.arraycopy(x, 2, xs, 1, n);
        System.arraycopy(x, 2, xs, 1 + n, n);
        double[] ys = new double[2 * n];
        op.leftApplyRows(xs, 1, 2, ys, 0, workspace);
        for (int j = 0; j < n; j++) {
            assertEquals(left.get(j), ys[j], EPS * Math.max(1, n));
            assertEquals(left.get(j), ys[n + j], EPS * Math.max(1, n));
        }
        op.rightApplyRows(xs, 1, 2, ys, 0, workspace);
        for (int i = 0; i < n; i++) {
            assertEquals(right.get(i), ys[i], EPS * Math.max(1, n));
            assertEquals(right.get(i), ys[n + i], EPS * Math.max(1, n));
        }
        assertTrue(maxDifference(dense, op.toDense()) <= EPS);
        DMatrixRMaj fromSparse = new DMatrixRMaj(n, n);
        org.ejml.ops.DConvertMatrixStruct.convert(op.toSparse(), fromSparse);
        assertTrue(maxDifference(dense, fromSparse) <= EPS);
    }

    @Property(tries = 200)
    void denseAndSparseAgreeWithTheirMatrix(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n,
                                            @ForAll @DoubleRange(min = 0, max = 1) double density) {
        Random random = new Random(seed);
        double[][] m = matrix(random, n, density);
        DMatrixRMaj dense = new DMatrixRMaj(m);
        assertAgrees(Operators.dense(m), dense, random);
        assertAgrees(Operators.sparse(m), dense, random);
        assertAgrees(Operators.auto(m), dense, random);
        assertAgrees(Operators.optimise(Operators.dense(m)), dense, random);
    }

    @Property(tries = 200)
    void kronAgreesWithMaterialisedKron(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int factors,
                                        @ForAll @DoubleRange(min = 0.2, max = 1) double density) {
        Random random = new Random(seed);
        List<Operator> ops = new ArrayList<>();
        DMatrixRMaj expected = new DMatrixRMaj(new double[][] {{1}});
        for (int f = 0; f < factors; f++) {
            double[][] m = matrix(random, 1 + random.nextInt(4), density);
            ops.add(random.nextInt(4) == 0 ? Operators.kron(operator(random, m)) : operator(random, m));
            expected = CommonOps_DDRM.kron(expected, new DMatrixRMaj(m), null);
        }
        assertAgrees(Operators.kron(ops), expected, random);
        assertAgrees(Operators.optimise(Operators.kron(ops)), expected, random);
    }

    @Property(tries = 100)
    void kronMixedProduct(@ForAll long seed) {
        // (A⊗B)(C⊗D) = AC⊗BD, checked by applying both sides to a vector
        Random random = new Random(seed);
        int a = 1 + random.nextInt(4);
        int b = 1 + random.nextInt(4);
        double[][] ma = matrix(random, a, 0.7);
        double[][] mb = matrix(random, b, 0.7);
        double[][] mc = matrix(random, a, 0.7);
        double[][] md = matrix(random, b, 0.7);
        Operator ab = Operators.kron(operator(random, ma), operator(random, mb));
        Operator cd = Operators.kron(operator(random, mc), operator(random, md));
        DMatrixRMaj ac = new DMatrixRMaj(a, a);
        DMatrixRMaj bd = new DMatrixRMaj(b, b);
        CommonOps_DDRM.mult(new DMatrixRMaj(ma), new DMatrixRMaj(mc), ac);
        CommonOps_DDRM.mult(new DMatrixRMaj(mb), new DMatrixRMaj(md), bd);
        Operator acbd = Operators.kron(Operators.dense(ac), Operators.dense(bd));
        double[] x = new double[a * b];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        assertArrayEquals(acbd.leftApply(x), cd.leftApply(ab.leftApply(x)), 1e-12);
        assertArrayEquals(acbd.rightApply(x), ab.rightApply(cd.rightApply(x)), 1e-12);
    }

    @Property(tries = 200)
    void blockDiagonalAgreesWithMaterialisation(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n) {
        Random random = new Random(seed);
        int[] labels = new int[n];
        int sectors = 1 + random.nextInt(n);
        for (int i = 0; i < n; i++) {
            labels[i] = i < sectors ? i : random.nextInt(sectors);
        }
        Partition partition = Partition.fromLabels(labels);
        Operator[] blocks = new Operator[sectors];
        DMatrixRMaj expected = new DMatrixRMaj(n, n);
        for (int s = 0; s < sectors; s++) {
            int[] members = partition.sector(s);
            double[][] m = matrix(random, members.length, 0.8);
            blocks[s] = operator(random, m);
            for (int i = 0; i < members.length; i++) {
                for (int j = 0; j < members.length; j++) {
                    expected.set(members[i], members[j], m[i][j]);
                }
            }
        }
        assertAgrees(Operators.blockDiagonal(partition, blocks), expected, random);
        assertAgrees(Operators.optimise(Operators.blockDiagonal(partition, blocks)), expected, random);
    }

    @Property(tries = 100)
    void sumAgreesWithMaterialisedSum(@ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int n,
                                      @ForAll @IntRange(min = 1, max = 4) int terms) {
        Random random = new Random(seed);
        List<Operator> ops = new ArrayList<>();
        DMatrixRMaj expected = new DMatrixRMaj(n, n);
        for (int k = 0; k < terms; k++) {
            double[][] m = matrix(random, n, 0.5);
            ops.add(operator(random, m));
            CommonOps_DDRM.addEquals(expected, new DMatrixRMaj(m));
        }
        assertAgrees(Operators.sum(ops), expected, random);
        assertAgrees(Operators.optimise(Operators.sum(ops)), expected, random);
    }

    @Property(tries = 200)
    void nestedStructuresShareOneWorkspace(@ForAll long seed) {
        // a sum of a Kronecker product whose last factor is block diagonal on scattered sectors, and a block-diagonal
        // operator whose blocks are sums: every level takes its part of the one workspace
        Random random = new Random(seed);
        int a = 1 + random.nextInt(3);
        int b = 3 + random.nextInt(2);
        double[][] ma = matrix(random, a, 0.8);
        Partition scattered = Partition.fromLabels(java.util.stream.IntStream.range(0, b).map(i -> i % 2).toArray());
        Operator[] blocks = new Operator[2];
        DMatrixRMaj mb = new DMatrixRMaj(b, b);
        for (int s = 0; s < 2; s++) {
            int[] members = scattered.sector(s);
            double[][] m = matrix(random, members.length, 0.8);
            blocks[s] = Operators.sum(operator(random, m), Operators.kron(Operators.dense(m)));
            for (int i = 0; i < members.length; i++) {
                for (int j = 0; j < members.length; j++) {
                    mb.set(members[i], members[j], 2 * m[i][j]);
                }
            }
        }
        Operator kron = Operators.kron(operator(random, ma), Operators.blockDiagonal(scattered, blocks));
        DMatrixRMaj expected = CommonOps_DDRM.kron(new DMatrixRMaj(ma), mb, null);
        double[][] mc = matrix(random, a * b, 0.5);
        Operator sum = Operators.sum(kron, Operators.blockDiagonal(Partition.trivial(a * b), Operators.sum(operator(random, mc))));
        CommonOps_DDRM.addEquals(expected, new DMatrixRMaj(mc));
        assertTrue(sum.workspaceLength() > kron.workspaceLength());
        assertAgrees(sum, expected, random);
    }
}
