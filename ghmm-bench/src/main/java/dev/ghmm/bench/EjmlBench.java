package dev.ghmm.bench;

import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.sparse.csc.CommonOps_DSCC;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The baseline a Java user would write with EJML alone: materialise the matrix, then multiply the row vector by it
 * with {@code CommonOps_DDRM.mult} (dense) or {@code CommonOps_DSCC.mult} (sparse). Same inputs as
 * {@link OperatorBench}, so the report divides one by the other.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EjmlBench {
    /** Instantiated by JMH. */
    public EjmlBench() {
    }

    /** A dense random stochastic matrix and a row vector, as EJML matrices. */
    @State(Scope.Thread)
    public static class Dense {
        /** The dimension S. */
        @Param({"3", "9", "27", "81", "243", "729"})
        public int states;

        DMatrixRMaj m;
        DMatrixRMaj x;
        DMatrixRMaj y;

        /** Builds the inputs (the same matrix and vector as OperatorBench's density 1.0 case). */
        @Setup
        public void setUp() {
            m = new DMatrixRMaj(Fixtures.stochastic(states, 1.0, 1));
            x = DMatrixRMaj.wrap(1, states, Fixtures.belief(states, 2));
            y = new DMatrixRMaj(1, states);
        }
    }

    /**
     * x·M with {@code CommonOps_DDRM.mult}.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void dense(Dense s, Blackhole bh) {
        CommonOps_DDRM.mult(s.x, s.m, s.y);
        bh.consume(s.y);
    }

    /** The F-fold Kronecker power of a factor, materialised by EJML. */
    @State(Scope.Thread)
    public static class Kron {
        /** The number of Kronecker factors F (8 would need a 344 MB dense matrix). */
        @Param({"2", "4", "6"})
        public int factors;

        /** The factor, as in OperatorBench. */
        @Param({"z1r-prime", "mess3"})
        public String factor;

        DMatrixRMaj dense;
        DMatrixSparseCSC sparse;
        DMatrixRMaj x;
        DMatrixRMaj y;
        DMatrixSparseCSC xs;
        DMatrixSparseCSC ys;

        /** Materialises the product with {@code CommonOps_DDRM.kron}. */
        @Setup
        public void setUp() {
            Operator f = Fixtures.factor(factor);
            DMatrixRMaj product = f.toDense();
            for (int k = 1; k < factors; k++) {
                product = CommonOps_DDRM.kron(product, f.toDense(), null);
            }
            dense = product;
            sparse = org.ejml.ops.DConvertMatrixStruct.convert(product, (DMatrixSparseCSC) null, 0.0);
            int n = product.numRows;
            x = DMatrixRMaj.wrap(1, n, Fixtures.belief(n, 3));
            y = new DMatrixRMaj(1, n);
            xs = org.ejml.ops.DConvertMatrixStruct.convert(x, (DMatrixSparseCSC) null, 0.0);
            ys = new DMatrixSparseCSC(1, n, n);
        }
    }

    /**
     * x·(⊗ M_f) with the product materialised dense, {@code CommonOps_DDRM.mult}.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void kronDense(Kron s, Blackhole bh) {
        CommonOps_DDRM.mult(s.x, s.dense, s.y);
        bh.consume(s.y);
    }

    /**
     * x·(⊗ M_f) with the product materialised sparse, {@code CommonOps_DSCC.mult} of a 1×n sparse row.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void kronSparse(Kron s, Blackhole bh) {
        CommonOps_DSCC.mult(s.xs, s.sparse, s.ys);
        bh.consume(s.ys);
    }
}
