package dev.ghmm.operator;

import it.unimi.dsi.fastutil.longs.Long2DoubleMap;
import it.unimi.dsi.fastutil.longs.Long2DoubleOpenHashMap;
import java.util.List;

/**
 * The sum M = Σ<sub>k</sub> M<sub>k</sub> of operators of one dimension, applied term by term; the net
 * operator T = Σ<sub>x</sub> T(x) of eq. 2.1 is one.
 */
public final class SumOperator extends AbstractOperator implements Operator {
    private final Operator[] terms;
    private final int n;
    /** Room for one term's image: n doubles, none for a single term. */
    private final int buffer;
    private final int workspaceLength;

    SumOperator(List<? extends Operator> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a sum needs at least one term");
        }
        this.terms = terms.toArray(new Operator[0]);
        this.n = this.terms[0].dimension();
        for (int k = 1; k < this.terms.length; k++) {
            if (this.terms[k].dimension() != n) {
                throw new IllegalArgumentException("term " + k + " has dimension " + this.terms[k].dimension() + ", expected " + n);
            }
        }
        this.buffer = this.terms.length > 1 ? n : 0;
        this.workspaceLength = Math.addExact(buffer, largestWorkspace(this.terms));
    }

    /** {@return the number of terms} */
    public int termCount() {
        return terms.length;
    }

    /**
     * {@return term k}
     *
     * @param k the term index
     */
    public Operator term(int k) {
        return terms[k];
    }

    @Override
    public Structure structure() {
        return Structure.SUM;
    }

    @Override
    public int dimension() {
        return n;
    }

    /** n doubles for a term's image (none for a single term) plus the largest workspace of a term. */
    @Override
    public int workspaceLength() {
        return workspaceLength;
    }

    @Override
    void left(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        int termOffset = wOffset + buffer;
        kernel(terms[0]).left(x, xOffset, y, yOffset, w, termOffset);
        for (int k = 1; k < terms.length; k++) {
            kernel(terms[k]).left(x, xOffset, w, wOffset, w, termOffset);
            addTo(w, wOffset, y, yOffset);
        }
    }

    @Override
    void right(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        int termOffset = wOffset + buffer;
        kernel(terms[0]).right(x, xOffset, y, yOffset, w, termOffset);
        for (int k = 1; k < terms.length; k++) {
            kernel(terms[k]).right(x, xOffset, w, wOffset, w, termOffset);
            addTo(w, wOffset, y, yOffset);
        }
    }

    private void addTo(double[] w, int wOffset, double[] y, int yOffset) {
        for (int i = 0; i < n; i++) {
            y[yOffset + i] += w[wOffset + i];
        }
    }

    /** Visits each entry of the sum once: entries stored by several terms are added first. */
    @Override
    public void forEachNonZero(EntryVisitor visitor) {
        Long2DoubleOpenHashMap sum = new Long2DoubleOpenHashMap();
        for (Operator term : terms) {
            term.forEachNonZero((i, j, v) -> sum.addTo((long) i * n + j, v));
        }
        for (Long2DoubleMap.Entry e : sum.long2DoubleEntrySet()) {
            if (e.getDoubleValue() != 0.0) {
                visitor.visit((int) (e.getLongKey() / n), (int) (e.getLongKey() % n), e.getDoubleValue());
            }
        }
    }

    @Override
    public String toString() {
        return "SumOperator(" + terms.length + " terms, " + n + "×" + n + ")";
    }
}
