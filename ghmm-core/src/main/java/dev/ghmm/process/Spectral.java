package dev.ghmm.process;

import dev.ghmm.Vectors;
import dev.ghmm.operator.Operator;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.interfaces.linsol.LinearSolverSparse;
import org.ejml.ops.DConvertMatrixStruct;
import org.ejml.sparse.FillReducing;
import org.ejml.sparse.csc.decomposition.lu.LuUpLooking_DSCC;
import org.ejml.sparse.csc.factory.LinearSolverFactory_DSCC;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.data.Complex_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/** Eigenvalue-1 eigenspaces of the net operator and the class structure of HMM state graphs. */
final class Spectral {
    /** A singular value of T − I at most this (relative to max(1, σ<sub>max</sub>)) counts as zero. */
    static final double NULL_TOLERANCE = 1e-9;
    /** Largest S for which T is decomposed densely (an S×S matrix of doubles and O(S³) work: 128 MiB, seconds). */
    static final int DENSE_LIMIT = 4096;
    /** Largest closed class whose stationary distribution is found by dense, subtraction-free GTH elimination. */
    static final int GTH_LIMIT = 1024;

    private Spectral() {
    }

    /** Refuses a dense decomposition of an operator too large for one, naming the size. */
    private static void requireDense(Operator net, String what) {
        int n = net.dimension();
        if (n > DENSE_LIMIT) {
            throw new IllegalArgumentException(what + " of a " + n + "-state process needs a dense " + n + "×" + n + " decomposition ("
                    + (long) n * n * 8 / (1 << 20) + " MiB, O(S³) time), more than the " + DENSE_LIMIT
                    + " states ghmm decomposes densely: give |1⟩⟩ and the initial belief explicitly");
        }
    }

    /**
     * The spectral radius ρ of T, required to be itself an eigenvalue (real and positive, within a relative
     * {@link #NULL_TOLERANCE} of ρ): the scale by which {@link GhmmBuilder#normalise} divides.
     *
     * @throws IllegalArgumentException if T is nilpotent or no eigenvalue of modulus ρ is real and positive
     */
    static double leadingEigenvalue(Operator net) {
        requireDense(net, "the spectral radius");
        int n = net.dimension();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(net.toDense())) {
            throw new IllegalArgumentException("the eigendecomposition of T did not converge");
        }
        double radius = 0.0;
        for (int k = 0; k < n; k++) {
            radius = Math.max(radius, eig.getEigenvalue(k).getMagnitude());
        }
        if (!(radius > 0.0)) {
            throw new IllegalArgumentException("T has spectral radius " + radius + ": it cannot be normalised");
        }
        Complex_F64 leading = null;
        for (int k = 0; k < n; k++) {
            Complex_F64 lambda = eig.getEigenvalue(k);
            if (Math.abs(lambda.getMagnitude() - radius) <= NULL_TOLERANCE * radius) {
                if (Math.abs(lambda.imaginary) <= NULL_TOLERANCE * radius && lambda.real > 0) {
                    return lambda.real;
                }
                leading = lambda;
            }
        }
        throw new IllegalArgumentException("the leading eigenvalue of T is " + leading + ", not real and positive:"
                + " T cannot be normalised to spectral radius 1 with eigenvalue 1");
    }

    /**
     * A basis of the null space of (T − I) ({@code transpose = false}: right eigenvectors) or of
     * (T − I)<sup>T</sup> ({@code transpose = true}: left eigenvectors), one vector per list entry, each of
     * unit Euclidean norm with a positive entry sum where the sum is not zero. Also returns, in
     * {@code smallest[0]}, the smallest singular value, for error messages.
     */
    static List<double[]> eigenspaceOfOne(Operator net, boolean transpose, double[] smallest) {
        int n = net.dimension();
        if (n > DENSE_LIMIT) {
            return List.of(sparseEigenvectorOfOne(net, transpose));
        }
        DMatrixRMaj a = net.toDense();
        for (int i = 0; i < n; i++) {
            a.unsafe_set(i, i, a.unsafe_get(i, i) - 1.0);
        }
        if (transpose) {
            CommonOps_DDRM.transpose(a);
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, n, false, true, false);
        if (!svd.decompose(a)) {
            throw new IllegalArgumentException("the SVD of T − I did not converge");
        }
        double[] sv = svd.getSingularValues();
        double max = Arrays.stream(sv).max().orElse(0.0);
        smallest[0] = Arrays.stream(sv).min().orElse(0.0);
        DMatrixRMaj basis = SingularOps_DDRM.nullSpace(svd, null, NULL_TOLERANCE * Math.max(1.0, max));
        List<double[]> vectors = new ArrayList<>();
        for (int k = 0; k < basis.numCols; k++) {
            double[] v = new double[n];
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                v[i] = basis.unsafe_get(i, k);
                sum += v[i];
            }
            if (sum < 0) {
                Vectors.scale(v, -1.0);
            }
            vectors.add(v);
        }
        return vectors;
    }

    /**
     * Above {@link #DENSE_LIMIT} states: the eigenvalue-1 eigenvector of a sparse T (right, or left when
     * {@code transpose}), unit Euclidean norm and positive entry sum, from the bordered system
     * [[A, b], [cᵀ, 0]]·[v; μ] = [0; 1] with A = T − I (or its transpose) and random borders b, c (a fixed seed). The
     * system is non-singular for almost every b, c exactly when the eigenspace is one-dimensional, and then μ = 0 and
     * A v = 0. So a pivot of its LU factorisation below {@link #NULL_TOLERANCE} times the largest means the eigenspace
     * has dimension at least 2 (a basis needs the dense decomposition), and a residual ‖A v‖ beyond round-off means T
     * has no eigenvalue 1. One sparse LU (EJML), O(nnz) for banded or cyclic T.
     *
     * @throws IllegalArgumentException if T has no eigenvalue 1 or its eigenspace is not one-dimensional
     */
    private static double[] sparseEigenvectorOfOne(Operator net, boolean transpose) {
        int n = net.dimension();
        String what = transpose ? "the stationary vector" : "|1⟩⟩";
        DMatrixSparseTriplet m = new DMatrixSparseTriplet(n + 1, n + 1, (int) Math.min(Integer.MAX_VALUE - 8, net.nonZeros() + 3L * n));
        int[] identity = new int[n];
        Arrays.setAll(identity, i -> i);
        addTMinusI(m, net, identity, n, transpose, -1);
        // borders small beside the unit diagonal of T − I, so partial pivoting keeps them last and they add no fill
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(0x5EED_0F_0AEL);
        for (int i = 0; i < n; i++) {
            m.addItem(i, n, 1e-3 * (1 + rng.nextDouble()));
            m.addItem(n, i, 1e-3 * (1 + rng.nextDouble()));
        }
        LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> lu = LinearSolverFactory_DSCC.lu(FillReducing.NONE);
        boolean factored = lu.setA(DConvertMatrixStruct.convert(m, (DMatrixSparseCSC) null));
        DMatrixSparseCSC upper = ((LuUpLooking_DSCC) lu.getDecomposition()).getU();
        double smallest = Double.POSITIVE_INFINITY;
        double largest = 0.0;
        for (int k = 0; factored && k <= n; k++) {
            smallest = Math.min(smallest, Math.abs(upper.get(k, k)));
            largest = Math.max(largest, Math.abs(upper.get(k, k)));
        }
        if (!factored || !(smallest > NULL_TOLERANCE * largest)) {
            throw new IllegalArgumentException(what + " of a " + n + "-state process is not unique: the eigenvalue-1 eigenspace of T has "
                    + "dimension at least 2 (a basis needs a dense decomposition, over " + DENSE_LIMIT + " states); give "
                    + (transpose ? "the initial belief" : "|1⟩⟩") + " explicitly");
        }
        DMatrixRMaj rhs = new DMatrixRMaj(n + 1, 1);
        rhs.unsafe_set(n, 0, 1.0);
        DMatrixRMaj x = new DMatrixRMaj(n + 1, 1);
        lu.solve(rhs, x);
        double[] v = Arrays.copyOf(x.data, n);
        Vectors.scale(v, (Vectors.sum(v) < 0 ? -1.0 : 1.0) / Math.sqrt(Vectors.dot(v, v)));
        double[] image = transpose ? net.leftApply(v) : net.rightApply(v);
        double worst = 0.0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(image[i] - v[i]));
        }
        if (!(worst <= NULL_TOLERANCE * Math.max(1.0, Vectors.maxAbs(image)))) {
            throw new IllegalArgumentException("T has no eigenvalue 1: the " + n + "-state sparse solve for " + what + " leaves a residual of "
                    + worst);
        }
        return v;
    }

    /**
     * Stationary distributions of an HMM, one per closed class of the support graph of T, with periods.
     * Each is found by solving ⟨⟨π|(T<sub>C</sub> − I) = 0, Σπ = 1 on its class C.
     *
     * @throws IllegalArgumentException if the solve for a class fails on T's entries: a state whose outflow within its
     *                                  class underflows to 0 (entries such as 1e−300), or a singular sparse system
     */
    static StationaryDistributions hmmStationary(Operator net) {
        int n = net.dimension();
        IntArrayList[] successors = new IntArrayList[n];
        for (int i = 0; i < n; i++) {
            successors[i] = new IntArrayList();
        }
        net.forEachNonZero((i, j, v) -> successors[i].add(j));
        int[] component = stronglyConnectedComponents(successors);
        int components = Arrays.stream(component).max().orElse(-1) + 1;
        boolean[] closed = new boolean[components];
        Arrays.fill(closed, true);
        for (int i = 0; i < n; i++) {
            for (int j : successors[i]) {
                if (component[i] != component[j]) {
                    closed[component[i]] = false;
                }
            }
        }
        List<double[]> distributions = new ArrayList<>();
        List<int[]> classes = new ArrayList<>();
        IntArrayList periods = new IntArrayList();
        boolean[] seen = new boolean[components];
        for (int s = 0; s < n; s++) {
            int c = component[s];
            if (!closed[c] || seen[c]) {
                continue;
            }
            seen[c] = true;
            int[] members = java.util.stream.IntStream.range(0, n).filter(i -> component[i] == c).toArray();
            classes.add(members);
            distributions.add(solveStationary(net, members));
            periods.add(period(successors, component, members));
        }
        return new StationaryDistributions(distributions, classes, periods.toIntArray());
    }

    /**
     * The stationary distribution of a closed class: for up to {@link #GTH_LIMIT} states by Grassmann–Taksar–Heyman
     * elimination (Grassmann, Taksar and Heyman 1985), where state k is censored out in turn and its outflow to the
     * remaining states is a sum of non-negative entries instead of 1 − T<sub>kk</sub>, so no subtraction cancels and
     * nearly decomposable chains (Mess3 with x = 10<sup>−15</sup>) keep full relative accuracy, O(m³); for larger classes
     * by a sparse LU solve of π(T − I) = 0 with Σπ = 1 (EJML, fill-reducing order), O(nnz) for chains such as cycles.
     * A failure depends only on T's entries, so it is an {@link IllegalArgumentException} (the caller's input).
     */
    private static double[] solveStationary(Operator net, int[] members) {
        int n = net.dimension();
        int m = members.length;
        int[] local = new int[n];
        Arrays.fill(local, -1);
        for (int i = 0; i < m; i++) {
            local[members[i]] = i;
        }
        double[] pi = m <= GTH_LIMIT ? gth(net, local, m) : sparseSolve(net, local, m);
        double[] full = new double[n];
        for (int i = 0; i < m; i++) {
            full[members[i]] = pi[i];
        }
        return full;
    }

    private static double[] gth(Operator net, int[] local, int m) {
        double[][] a = new double[m][m];
        net.forEachNonZero((i, j, v) -> {
            if (local[i] >= 0 && local[j] >= 0) {
                a[local[i]][local[j]] = v;
            }
        });
        for (int k = m - 1; k > 0; k--) {
            double out = 0.0;
            for (int j = 0; j < k; j++) {
                out += a[k][j];
            }
            if (!(out > 0.0)) {
                throw new IllegalArgumentException("a state of a closed class has no transition to the rest of its class");
            }
            for (int i = 0; i < k; i++) {
                a[i][k] /= out;
            }
            for (int i = 0; i < k; i++) {
                double aik = a[i][k];
                if (aik != 0.0) {
                    for (int j = 0; j < k; j++) {
                        a[i][j] += aik * a[k][j];
                    }
                }
            }
        }
        double[] pi = new double[m];
        pi[0] = 1.0;
        double total = 1.0;
        for (int k = 1; k < m; k++) {
            double v = 0.0;
            for (int i = 0; i < k; i++) {
                v += pi[i] * a[i][k];
            }
            pi[k] = v;
            total += v;
        }
        for (int k = 0; k < m; k++) {
            pi[k] /= total;
        }
        return pi;
    }

    /** Rows j &lt; m−1 of A are the equations Σ<sub>i</sub> π<sub>i</sub>(T<sub>ij</sub> − δ<sub>ij</sub>) = 0, the last Σ<sub>i</sub> π<sub>i</sub> = 1. */
    private static double[] sparseSolve(Operator net, int[] local, int m) {
        DMatrixSparseTriplet a = new DMatrixSparseTriplet(m, m, (int) Math.min(Integer.MAX_VALUE - 8, net.nonZeros() + 2L * m));
        addTMinusI(a, net, local, m, true, m - 1);
        for (int i = 0; i < m; i++) {
            a.addItem(m - 1, i, 1.0);
        }
        DMatrixSparseCSC csc = DConvertMatrixStruct.convert(a, (DMatrixSparseCSC) null);
        LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> lu = LinearSolverFactory_DSCC.lu(FillReducing.NONE);
        if (!lu.setA(csc)) {
            throw new IllegalArgumentException("singular system for the stationary distribution of a closed class of " + m + " states");
        }
        DMatrixRMaj b = new DMatrixRMaj(m, 1);
        b.unsafe_set(m - 1, 0, 1.0);
        DMatrixRMaj x = new DMatrixRMaj(m, 1);
        lu.solve(b, x);
        return x.data.clone();
    }

    /**
     * Adds T − I restricted to the states whose {@code local} index is ≥ 0 (at those indices, m of them), or its
     * transpose, to {@code a}, leaving out row {@code skipRow} (−1: none): the linear equations both sparse solves
     * start from.
     */
    private static void addTMinusI(DMatrixSparseTriplet a, Operator net, int[] local, int m, boolean transpose, int skipRow) {
        double[] diagonal = new double[m];
        net.forEachNonZero((i, j, v) -> {
            int li = local[i];
            int lj = local[j];
            int row = transpose ? lj : li;
            if (li < 0 || lj < 0 || row == skipRow) {
                return;
            }
            if (li == lj) {
                diagonal[li] += v;
            } else {
                a.addItem(row, transpose ? li : lj, v);
            }
        });
        for (int i = 0; i < m; i++) {
            if (i != skipRow) {
                a.addItem(i, i, diagonal[i] - 1.0);
            }
        }
    }

    /** gcd over edges u→v inside the class of level(u) + 1 − level(v), levels from a BFS. */
    private static int period(IntArrayList[] successors, int[] component, int[] members) {
        int[] level = new int[component.length];
        Arrays.fill(level, -1);
        int root = members[0];
        level[root] = 0;
        IntArrayList queue = new IntArrayList();
        queue.add(root);
        int g = 0;
        for (int head = 0; head < queue.size(); head++) {
            int u = queue.getInt(head);
            for (int v : successors[u]) {
                if (component[v] != component[root]) {
                    continue;
                }
                if (level[v] < 0) {
                    level[v] = level[u] + 1;
                    queue.add(v);
                } else {
                    g = gcd(g, Math.abs(level[u] + 1 - level[v]));
                }
            }
        }
        return g == 0 ? 1 : g;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Tarjan's algorithm, iterative: the component label of every vertex. */
    private static int[] stronglyConnectedComponents(IntArrayList[] successors) {
        int n = successors.length;
        int[] index = new int[n];
        int[] low = new int[n];
        int[] component = new int[n];
        int[] edge = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(index, -1);
        IntArrayList stack = new IntArrayList();
        IntArrayList call = new IntArrayList();
        int counter = 0;
        int components = 0;
        for (int start = 0; start < n; start++) {
            if (index[start] >= 0) {
                continue;
            }
            call.add(start);
            index[start] = low[start] = counter++;
            stack.add(start);
            onStack[start] = true;
            while (!call.isEmpty()) {
                int u = call.getInt(call.size() - 1);
                if (edge[u] < successors[u].size()) {
                    int v = successors[u].getInt(edge[u]++);
                    if (index[v] < 0) {
                        index[v] = low[v] = counter++;
                        stack.add(v);
                        onStack[v] = true;
                        call.add(v);
                    } else if (onStack[v]) {
                        low[u] = Math.min(low[u], index[v]);
                    }
                    continue;
                }
                call.removeInt(call.size() - 1);
                if (!call.isEmpty()) {
                    int parent = call.getInt(call.size() - 1);
                    low[parent] = Math.min(low[parent], low[u]);
                }
                if (low[u] == index[u]) {
                    int w;
                    do {
                        w = stack.removeInt(stack.size() - 1);
                        onStack[w] = false;
                        component[w] = components;
                    } while (w != u);
                    components++;
                }
            }
        }
        return component;
    }
}
