package dev.ghmm.operator;

import static dev.ghmm.testing.ProcessArbitraries.operators;
import static dev.ghmm.testing.ProcessArbitraries.vectors;
import static dev.ghmm.testing.RandomProcesses.maxDifference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.partition.Partition;
import dev.ghmm.testing.ProcessArbitraries;
import dev.ghmm.testing.ProcessArbitraries.MatrixOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple.Tuple5;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Every representation agrees with its dense materialisation, and the Kronecker identities hold. */
class OperatorProperties {
    private static final double EPS = 1e-12;

    /**
     * Checks v·M and M·v of {@code op} against dense EJML products with {@code dense}, for the vector v, at offsets in
     * arrays padded with NaN (a kernel that reads outside its range spoils its result).
     */
    static void assertAgrees(Operator op, DMatrixRMaj dense, double[] v) {
        int n = dense.numRows;
        assertEquals(n, op.dimension());
        double[] x = new double[n + 3];
        Arrays.fill(x, Double.NaN);
        System.arraycopy(v, 0, x, 2, n);
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
        xs[0] = Double.NaN;
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

    /** An n×n matrix, n ∈ [1, 12], and a vector to apply it to. */
    @Provide
    Arbitrary<Tuple2<double[][], double[]>> matricesAndVectors() {
        return Arbitraries.integers().between(1, 12).flatMap(n -> Combinators.combine(ProcessArbitraries.matrices(n), vectors(n)).as(Tuple::of));
    }

    @Property(tries = 200)
    void denseAndSparseAgreeWithTheirMatrix(@ForAll("matricesAndVectors") Tuple2<double[][], double[]> mv) {
        double[][] m = mv.get1();
        double[] x = mv.get2();
        DMatrixRMaj dense = new DMatrixRMaj(m);
        assertAgrees(Operators.dense(m), dense, x);
        assertAgrees(Operators.sparse(m), dense, x);
        assertAgrees(Operators.auto(m), dense, x);
        assertAgrees(Operators.optimise(Operators.dense(m)), dense, x);
    }

    /** 1 to 4 factors of size 1 to 4, dense or sparse, one in four wrapped in a Kronecker product of its own; a vector. */
    @Provide
    Arbitrary<Tuple2<List<MatrixOperator>, double[]>> kronFactors() {
        Arbitrary<Boolean> wrapped = Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true));
        Arbitrary<MatrixOperator> factor = Arbitraries.integers().between(1, 4).flatMap(d -> Combinators.combine(operators(d), wrapped)
                .as((m, w) -> w ? new MatrixOperator(m.matrix(), Operators.kron(m.operator())) : m));
        return factor.list().ofMinSize(1).ofMaxSize(4).flatMap(fs -> vectors(fs.stream().mapToInt(f -> f.matrix().length).reduce(1, (a, b) -> a * b))
                .map(x -> Tuple.of(fs, x)));
    }

    @Property(tries = 200)
    void kronAgreesWithMaterialisedKron(@ForAll("kronFactors") Tuple2<List<MatrixOperator>, double[]> factorsAndVector) {
        List<Operator> ops = new ArrayList<>();
        DMatrixRMaj expected = new DMatrixRMaj(new double[][] {{1}});
        for (MatrixOperator f : factorsAndVector.get1()) {
            ops.add(f.operator());
            expected = CommonOps_DDRM.kron(expected, new DMatrixRMaj(f.matrix()), null);
        }
        assertAgrees(Operators.kron(ops), expected, factorsAndVector.get2());
        assertAgrees(Operators.optimise(Operators.kron(ops)), expected, factorsAndVector.get2());
    }

    /** A, C of size a and B, D of size b, a, b ∈ [1, 4], and a vector of size ab. */
    @Provide
    Arbitrary<Tuple5<MatrixOperator, MatrixOperator, MatrixOperator, MatrixOperator, double[]>> mixedProducts() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 4))
                .flatAs((a, b) -> Combinators.combine(operators(a), operators(b), operators(a), operators(b), vectors(a * b)).as(Tuple::of));
    }

    @Property(tries = 100)
    void kronMixedProduct(@ForAll("mixedProducts") Tuple5<MatrixOperator, MatrixOperator, MatrixOperator, MatrixOperator, double[]> abcdx) {
        // (A⊗B)(C⊗D) = AC⊗BD, checked by applying both sides to a vector
        MatrixOperator ma = abcdx.get1();
        MatrixOperator mb = abcdx.get2();
        MatrixOperator mc = abcdx.get3();
        MatrixOperator md = abcdx.get4();
        double[] x = abcdx.get5();
        int a = ma.matrix().length;
        int b = mb.matrix().length;
        Operator ab = Operators.kron(ma.operator(), mb.operator());
        Operator cd = Operators.kron(mc.operator(), md.operator());
        DMatrixRMaj ac = new DMatrixRMaj(a, a);
        DMatrixRMaj bd = new DMatrixRMaj(b, b);
        CommonOps_DDRM.mult(new DMatrixRMaj(ma.matrix()), new DMatrixRMaj(mc.matrix()), ac);
        CommonOps_DDRM.mult(new DMatrixRMaj(mb.matrix()), new DMatrixRMaj(md.matrix()), bd);
        Operator acbd = Operators.kron(Operators.dense(ac), Operators.dense(bd));
        assertArrayEquals(acbd.leftApply(x), cd.leftApply(ab.leftApply(x)), 1e-12);
        assertArrayEquals(acbd.rightApply(x), ab.rightApply(cd.rightApply(x)), 1e-12);
    }

    /** A block-diagonal operator on a partition of n ∈ [1, 12] states, and a vector. */
    @Provide
    Arbitrary<Tuple2<MatrixOperator, double[]>> blockDiagonals() {
        return Arbitraries.integers().between(1, 12).flatMap(n -> ProcessArbitraries.partitions(n)
                .flatMap(p -> Combinators.combine(ProcessArbitraries.blockDiagonal(p), vectors(n)).as(Tuple::of)));
    }

    @Property(tries = 200)
    void blockDiagonalAgreesWithMaterialisation(@ForAll("blockDiagonals") Tuple2<MatrixOperator, double[]> blockAndVector) {
        MatrixOperator block = blockAndVector.get1();
        DMatrixRMaj expected = new DMatrixRMaj(block.matrix());
        assertAgrees(block.operator(), expected, blockAndVector.get2());
        assertAgrees(Operators.optimise(block.operator()), expected, blockAndVector.get2());
    }

    /** 1 to 4 terms of size n ∈ [1, 10], and a vector. */
    @Provide
    Arbitrary<Tuple2<List<MatrixOperator>, double[]>> sumTerms() {
        return Arbitraries.integers().between(1, 10)
                .flatMap(n -> Combinators.combine(operators(n).list().ofMinSize(1).ofMaxSize(4), vectors(n)).as(Tuple::of));
    }

    @Property(tries = 100)
    void sumAgreesWithMaterialisedSum(@ForAll("sumTerms") Tuple2<List<MatrixOperator>, double[]> termsAndVector) {
        int n = termsAndVector.get2().length;
        List<Operator> ops = new ArrayList<>();
        DMatrixRMaj expected = new DMatrixRMaj(n, n);
        for (MatrixOperator term : termsAndVector.get1()) {
            ops.add(term.operator());
            CommonOps_DDRM.addEquals(expected, new DMatrixRMaj(term.matrix()));
        }
        assertAgrees(Operators.sum(ops), expected, termsAndVector.get2());
        assertAgrees(Operators.optimise(Operators.sum(ops)), expected, termsAndVector.get2());
    }

    /** A (size a ∈ [1, 3]), the blocks of B on the sectors "even | odd" of b ∈ [3, 4] states, C (size ab), a vector. */
    @Provide
    Arbitrary<Tuple5<MatrixOperator, MatrixOperator, MatrixOperator, MatrixOperator, double[]>> nestings() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(3, 4))
                .flatAs((a, b) -> Combinators.combine(operators(a), operators((b + 1) / 2), operators(b / 2), operators(a * b), vectors(a * b))
                        .as(Tuple::of));
    }

    @Property(tries = 200)
    void nestedStructuresShareOneWorkspace(
            @ForAll("nestings") Tuple5<MatrixOperator, MatrixOperator, MatrixOperator, MatrixOperator, double[]> abcx) {
        // a sum of a Kronecker product whose last factor is block diagonal on scattered sectors, and a block-diagonal
        // operator whose blocks are sums: every level takes its part of the one workspace
        MatrixOperator ma = abcx.get1();
        List<MatrixOperator> sectorBlocks = List.of(abcx.get2(), abcx.get3());
        MatrixOperator mc = abcx.get4();
        int a = ma.matrix().length;
        int b = sectorBlocks.get(0).matrix().length + sectorBlocks.get(1).matrix().length;
        Partition scattered = Partition.fromLabels(IntStream.range(0, b).map(i -> i % 2).toArray());
        Operator[] blocks = new Operator[2];
        DMatrixRMaj mb = new DMatrixRMaj(b, b);
        for (int s = 0; s < 2; s++) {
            int[] members = scattered.sector(s);
            double[][] m = sectorBlocks.get(s).matrix();
            blocks[s] = Operators.sum(sectorBlocks.get(s).operator(), Operators.kron(Operators.dense(m)));
            for (int i = 0; i < members.length; i++) {
                for (int j = 0; j < members.length; j++) {
                    mb.set(members[i], members[j], 2 * m[i][j]);
                }
            }
        }
        Operator kron = Operators.kron(ma.operator(), Operators.blockDiagonal(scattered, blocks));
        DMatrixRMaj expected = CommonOps_DDRM.kron(new DMatrixRMaj(ma.matrix()), mb, null);
        Operator sum = Operators.sum(kron, Operators.blockDiagonal(Partition.trivial(a * b), Operators.sum(mc.operator())));
        CommonOps_DDRM.addEquals(expected, new DMatrixRMaj(mc.matrix()));
        assertTrue(sum.workspaceLength() > kron.workspaceLength());
        assertAgrees(sum, expected, abcx.get5());
    }
}
