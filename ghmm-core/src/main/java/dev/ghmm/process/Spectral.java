package dev.ghmm.process;

import dev.ghmm.operator.Operator;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
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

    private Spectral() {
    }

    /**
     * The spectral radius ρ of T, required to be itself an eigenvalue (real and positive, within a relative
     * {@link #NULL_TOLERANCE} of ρ): the scale by which {@link GhmmBuilder#normalise} divides.
     *
     * @throws IllegalArgumentException if T is nilpotent or no eigenvalue of modulus ρ is real and positive
     */
    static double leadingEigenvalue(Operator net) {
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
                dev.ghmm.Vectors.scale(v, -1.0);
            }
            vectors.add(v);
        }
        return vectors;
    }

    /**
     * Stationary distributions of an HMM, one per closed class of the support graph of T, with periods.
     * Each is found by solving ⟨⟨π|(T<sub>C</sub> − I) = 0, Σπ = 1 on its class C.
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
        DMatrixRMaj t = net.toDense();
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
            distributions.add(solveStationary(t, members));
            periods.add(period(successors, component, members));
        }
        return new StationaryDistributions(distributions, classes, periods.toIntArray());
    }

    /**
     * The stationary distribution of a closed class by Grassmann–Taksar–Heyman elimination (Grassmann, Taksar and
     * Heyman 1985): state k is censored out in turn, its outflow to the remaining states computed as a sum of
     * non-negative entries instead of 1 − T<sub>kk</sub>, so no subtraction cancels and nearly decomposable chains
     * (Mess3 with x = 10<sup>−15</sup>) keep full relative accuracy. O(m³) for a class of m states.
     */
    private static double[] solveStationary(DMatrixRMaj t, int[] members) {
        int m = members.length;
        double[][] a = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a[i][j] = t.unsafe_get(members[i], members[j]);
            }
        }
        for (int k = m - 1; k > 0; k--) {
            double out = 0.0;
            for (int j = 0; j < k; j++) {
                out += a[k][j];
            }
            if (!(out > 0.0)) {
                throw new IllegalStateException("state " + members[k] + " has no transition to the rest of its class " + Arrays.toString(members));
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
        double[] full = new double[t.numRows];
        for (int i = 0; i < m; i++) {
            full[members[i]] = pi[i] / total;
        }
        return full;
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
