package dev.ghmm.operator;

import dev.ghmm.internal.Checks;
/**
 * What every operator shares: the public apply methods of {@link Operator} check their arguments once, in
 * O(1), and then run unchecked kernels that each implementation provides. Structured operators apply their
 * factors, blocks and terms through those kernels, so a Kronecker product checks once, not once per factor.
 *
 * <p>Kernels take a workspace offset, so that nested operators share the caller's one workspace: a part
 * uses the workspace beyond what its parent uses. Every {@link Operator} extends this class (the interface
 * is sealed and each permitted class does), which makes {@link #kernel} safe.
 */
abstract class AbstractOperator {

    /**
     * The dimension n: the operator is n×n.
     *
     * @return the dimension n
     */
    public abstract int dimension();

    /**
     * The number of doubles of workspace the apply methods need.
     *
     * @return the workspace length, ≥ 0
     */
    public abstract int workspaceLength();

    /**
     * Row application y = x·M, checked; see {@link Operator#leftApply(double[], int, double[], int, double[])}.
     *
     * @param x         (Input) row vector, read from {@code x[xOffset .. xOffset+n)}
     * @param xOffset   first index of x
     * @param y         (Output) written to {@code y[yOffset .. yOffset+n)}; must not overlap x
     * @param yOffset   first index of y
     * @param workspace (Workspace) at least {@link #workspaceLength()} doubles; may be null when that is 0
     */
    public final void leftApply(double[] x, int xOffset, double[] y, int yOffset, double[] workspace) {
        check(x, xOffset, 1, y, yOffset, workspace);
        left(x, xOffset, y, yOffset, workspace, 0);
    }

    /**
     * Column application y = M·x, checked; see {@link Operator#rightApply(double[], int, double[], int, double[])}.
     *
     * @param x         (Input) column vector, read from {@code x[xOffset .. xOffset+n)}
     * @param xOffset   first index of x
     * @param y         (Output) written to {@code y[yOffset .. yOffset+n)}; must not overlap x
     * @param yOffset   first index of y
     * @param workspace (Workspace) at least {@link #workspaceLength()} doubles; may be null when that is 0
     */
    public final void rightApply(double[] x, int xOffset, double[] y, int yOffset, double[] workspace) {
        check(x, xOffset, 1, y, yOffset, workspace);
        right(x, xOffset, y, yOffset, workspace, 0);
    }

    /**
     * Row application to a batch, checked; see {@link Operator#leftApplyRows}.
     *
     * @param x         (Input) the rows·n values of the batch, from {@code xOffset}
     * @param xOffset   first index of x
     * @param rows      how many vectors the batch holds, ≥ 0
     * @param y         (Output) the rows·n results, from {@code yOffset}; must not overlap x
     * @param yOffset   first index of y
     * @param workspace (Workspace) at least {@link #workspaceLength()} doubles; may be null when that is 0
     */
    public final void leftApplyRows(double[] x, int xOffset, int rows, double[] y, int yOffset, double[] workspace) {
        check(x, xOffset, rows, y, yOffset, workspace);
        leftRows(x, xOffset, rows, y, yOffset, workspace, 0);
    }

    /**
     * Column application to a batch, checked; see {@link Operator#rightApplyRows}.
     *
     * @param x         (Input) the rows·n values of the batch, from {@code xOffset}
     * @param xOffset   first index of x
     * @param rows      how many vectors the batch holds, ≥ 0
     * @param y         (Output) the rows·n results, from {@code yOffset}; must not overlap x
     * @param yOffset   first index of y
     * @param workspace (Workspace) at least {@link #workspaceLength()} doubles; may be null when that is 0
     */
    public final void rightApplyRows(double[] x, int xOffset, int rows, double[] y, int yOffset, double[] workspace) {
        check(x, xOffset, rows, y, yOffset, workspace);
        rightRows(x, xOffset, rows, y, yOffset, workspace, 0);
    }

    /** y = x·M, unchecked; {@code w[wOffset ..]} holds at least {@link #workspaceLength()} doubles. */
    abstract void left(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset);

    /** y = M·x, unchecked; {@code w[wOffset ..]} holds at least {@link #workspaceLength()} doubles. */
    abstract void right(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset);

    /** {@link #left} on each of {@code rows} consecutive vectors, unchecked; implementations may loop tighter. */
    void leftRows(double[] x, int xOffset, int rows, double[] y, int yOffset, double[] w, int wOffset) {
        int n = dimension();
        for (int r = 0, at = 0; r < rows; r++, at += n) {
            left(x, xOffset + at, y, yOffset + at, w, wOffset);
        }
    }

    /** {@link #right} on each of {@code rows} consecutive vectors, unchecked. */
    void rightRows(double[] x, int xOffset, int rows, double[] y, int yOffset, double[] w, int wOffset) {
        int n = dimension();
        for (int r = 0, at = 0; r < rows; r++, at += n) {
            right(x, xOffset + at, y, yOffset + at, w, wOffset);
        }
    }

    /** The unchecked kernels of an operator: every operator has them, the interface being sealed over subclasses of this. */
    static AbstractOperator kernel(Operator op) {
        return (AbstractOperator) op;
    }

    /** The largest {@link #workspaceLength()} of some operators. */
    static int largestWorkspace(Operator... parts) {
        int largest = 0;
        for (Operator part : parts) {
            largest = Math.max(largest, part.workspaceLength());
        }
        return largest;
    }

    /** The O(1) guards of the public entry points; the messages name the argument and the numbers. */
    private void check(double[] x, int xOffset, int rows, double[] y, int yOffset, double[] workspace) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows = " + rows + " is negative");
        }
        int n = dimension();
        long length = (long) rows * n;
        Checks.requireRange("x", x, xOffset, length, "values");
        Checks.requireRange("y", y, yOffset, length, "values");
        if (x == y && overlap(xOffset, length, yOffset, length)) {
            throw new IllegalArgumentException("x and y are the same array with overlapping ranges " + range(xOffset, length)
                    + " and " + range(yOffset, length) + ": the output would overwrite the input");
        }
        int needed = workspaceLength();
        if (needed == 0) {
            return;
        }
        if (workspace == null) {
            throw new IllegalArgumentException("workspace is null but workspaceLength() is " + needed);
        }
        if (workspace.length < needed) {
            throw new IllegalArgumentException("workspace has length " + workspace.length + " but workspaceLength() is " + needed);
        }
        if (workspace == x && overlap(0, needed, xOffset, length)) {
            throw new IllegalArgumentException("workspace " + range(0, needed) + " overlaps x " + range(xOffset, length));
        }
        if (workspace == y && overlap(0, needed, yOffset, length)) {
            throw new IllegalArgumentException("workspace " + range(0, needed) + " overlaps y " + range(yOffset, length));
        }
    }

    /** Whether [a, a + aLength) and [b, b + bLength) share an index. */
    private static boolean overlap(long a, long aLength, long b, long bLength) {
        return aLength > 0 && bLength > 0 && a < b + bLength && b < a + aLength;
    }

    private static String range(long from, long length) {
        return "[" + from + ", " + (from + length) + ")";
    }
}
