package dev.ghmm.bench;

import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import dev.ghmm.partition.Partition;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** One row application y = x·M (a belief update without the scale) per operation, by representation. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OperatorBench {
    /** Instantiated by JMH. */
    public OperatorBench() {
    }

    /** Rows per batched application. */
    public static final int BATCH = 256;

    /** One workspace, held by the benchmark state, that serves every operator given. */
    static double[] workspace(Operator... ops) {
        int length = 0;
        for (Operator op : ops) {
            length = Math.max(length, op.workspaceLength());
        }
        return new double[length];
    }

    /** Dense and sparse storage of one random stochastic matrix. */
    @State(Scope.Thread)
    public static class Matrices {
        /** The dimension S. */
        @Param({"3", "9", "27", "81", "243", "729"})
        public int states;

        /** The fraction of non-zero entries. */
        @Param({"0.05", "1.0"})
        public double density;

        Operator dense;
        Operator sparse;
        Operator optimised;
        double[] x;
        double[] y;
        double[] xs;
        double[] ys;
        double[] w;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            double[][] m = Fixtures.stochastic(states, density, 1);
            xs = Fixtures.belief(BATCH * states, 5);
            ys = new double[BATCH * states];
            dense = Operators.dense(m);
            sparse = Operators.sparse(m);
            optimised = Operators.optimise(dense);
            x = Fixtures.belief(states, 2);
            y = new double[states];
            w = workspace(dense, sparse, optimised);
        }
    }

    /**
     * x·M with M dense.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void dense(Matrices s, Blackhole bh) {
        s.dense.leftApply(s.x, 0, s.y, 0, s.w);
        bh.consume(s.y);
    }

    /**
     * {@link #BATCH} rows times one dense M ({@code leftApplyRows}): divide by BATCH for the time per row, to
     * compare with a numpy user's {@code X @ M}.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void denseBatch(Matrices s, Blackhole bh) {
        s.dense.leftApplyRows(s.xs, 0, BATCH, s.ys, 0, s.w);
        bh.consume(s.ys);
    }

    /**
     * x·M with M sparse (CSC).
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void sparse(Matrices s, Blackhole bh) {
        s.sparse.leftApply(s.x, 0, s.y, 0, s.w);
        bh.consume(s.y);
    }

    /**
     * x·M in the representation {@link Operators#optimise} picks.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void optimised(Matrices s, Blackhole bh) {
        s.optimised.leftApply(s.x, 0, s.y, 0, s.w);
        bh.consume(s.y);
    }

    /** F Kronecker factors: structured, and materialised dense and sparse. */
    @State(Scope.Thread)
    public static class Kron {
        /** The number of Kronecker factors F. */
        @Param({"2", "4", "6", "8"})
        public int factors;

        /** The factor: Z1R′'s net operator (3 non-zeros) or Mess3's (dense). */
        @Param({"z1r-prime", "mess3"})
        public String factor;

        Operator structured;
        Operator optimised;
        double[] x;
        double[] y;
        double[] w;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            Operator[] f = new Operator[factors];
            java.util.Arrays.fill(f, Fixtures.factor(factor));
            structured = Operators.kron(f);
            optimised = Operators.optimise(structured);
            x = Fixtures.belief(structured.dimension(), 3);
            y = new double[structured.dimension()];
            w = workspace(structured, optimised);
        }
    }

    /** The Kronecker product materialised dense. */
    @State(Scope.Thread)
    public static class KronDense extends Kron {
        Operator dense;

        /** Materialises the product. */
        @Setup
        public void materialise() {
            dense = Operators.dense(structured.toDense());
        }
    }

    /** The Kronecker product materialised sparse. */
    @State(Scope.Thread)
    public static class KronSparse extends Kron {
        Operator sparse;

        /** Materialises the product. */
        @Setup
        public void materialise() {
            sparse = Operators.sparse(structured.toSparse());
        }
    }

    /**
     * x·(⊗ M_f) without materialising.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void kronStructured(Kron s, Blackhole bh) {
        s.structured.leftApply(s.x, 0, s.y, 0, s.w);
        bh.consume(s.y);
    }

    /**
     * x·(⊗ M_f) in the representation {@link Operators#optimise} picks.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void kronOptimised(Kron s, Blackhole bh) {
        s.optimised.leftApply(s.x, 0, s.y, 0, s.w);
        bh.consume(s.y);
    }

    /**
     * x·(⊗ M_f) materialised dense.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void kronMaterialisedDense(KronDense s, Blackhole bh) {
        s.dense.leftApply(s.x, 0, s.y, 0, s.w);
        bh.consume(s.y);
    }

    /**
     * x·(⊗ M_f) materialised sparse.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void kronMaterialisedSparse(KronSparse s, Blackhole bh) {
        s.sparse.leftApply(s.x, 0, s.y, 0, s.w);
        bh.consume(s.y);
    }

    /** A block-diagonal operator with 8 equal dense blocks, and the same matrix dense. */
    @State(Scope.Thread)
    public static class Blocks {
        /** The dimension of the block-diagonal operator. */
        @Param({"64", "512"})
        public int blockStates;

        Operator blocks;
        Operator dense;
        Operator optimised;
        double[] x;
        double[] y;
        double[] w;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            int k = 8;
            int size = blockStates / k;
            int[] sizes = new int[k];
            java.util.Arrays.fill(sizes, size);
            Operator[] ops = new Operator[k];
            for (int b = 0; b < k; b++) {
                ops[b] = Operators.dense(Fixtures.stochastic(size, 1.0, b));
            }
            blocks = Operators.blockDiagonal(Partition.contiguous(sizes), ops);
            dense = Operators.dense(blocks.toDense());
            optimised = Operators.optimise(blocks);
            x = Fixtures.belief(blockStates, 4);
            y = new double[blockStates];
            w = workspace(blocks, dense, optimised);
        }
    }

    /**
     * x·M block by block.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void blockDiagonal(Blocks s, Blackhole bh) {
        s.blocks.leftApply(s.x, 0, s.y, 0, s.w);
        bh.consume(s.y);
    }

    /**
     * x·M with the same matrix dense.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void blockDiagonalAsDense(Blocks s, Blackhole bh) {
        s.dense.leftApply(s.x, 0, s.y, 0, s.w);
        bh.consume(s.y);
    }

    /**
     * x·M in the representation {@link Operators#optimise} picks.
     *
     * @param s the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void blockDiagonalOptimised(Blocks s, Blackhole bh) {
        s.optimised.leftApply(s.x, 0, s.y, 0, s.w);
        bh.consume(s.y);
    }
}
