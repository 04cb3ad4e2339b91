package dev.ghmm.operator;

import dev.ghmm.partition.Partition;

/**
 * A block-diagonal operator M = ⊕<sub>σ</sub> M<sub>σ</sub> (eq. 2.14): block σ acts on the states of sector σ
 * of a partition, in increasing state order, and every entry between two sectors is zero. A contiguous
 * sector is applied in place; any other is gathered into a per-thread buffer and scattered back.
 */
public final class BlockDiagonalOperator implements Operator {
    private final Partition partition;
    private final Operator[] blocks;
    private final int[][] members;
    private final boolean[] contiguous;
    private final Scratch scratch;

    BlockDiagonalOperator(Partition partition, Operator[] blocks) {
        if (blocks.length != partition.sectorCount()) {
            throw new IllegalArgumentException("got " + blocks.length + " blocks for " + partition.sectorCount() + " sectors");
        }
        this.partition = partition;
        this.blocks = blocks.clone();
        this.members = new int[blocks.length][];
        this.contiguous = new boolean[blocks.length];
        int largest = 0;
        for (int s = 0; s < blocks.length; s++) {
            if (blocks[s].dimension() != partition.sectorSize(s)) {
                throw new IllegalArgumentException("block " + s + " has dimension " + blocks[s].dimension()
                        + " but sector " + s + " has " + partition.sectorSize(s) + " states");
            }
            members[s] = partition.sector(s);
            contiguous[s] = partition.isContiguous(s);
            largest = Math.max(largest, members[s].length);
        }
        this.scratch = new Scratch(2 * largest);
    }

    /**
     * The partition whose sectors carry the blocks.
     *
     * @return the partition whose sectors carry the blocks
     */
    public Partition partition() {
        return partition;
    }

    /**
     * Block s.
     *
     * @param s the sector index
     * @return block s
     */
    public Operator block(int s) {
        return blocks[s];
    }

    @Override
    public Structure structure() {
        return Structure.BLOCK_DIAGONAL;
    }

    @Override
    public int dimension() {
        return partition.states();
    }

    @Override
    public void leftApply(double[] x, int xOffset, double[] y, int yOffset) {
        apply(true, x, xOffset, y, yOffset);
    }

    @Override
    public void rightApply(double[] x, int xOffset, double[] y, int yOffset) {
        apply(false, x, xOffset, y, yOffset);
    }

    private void apply(boolean left, double[] x, int xOffset, double[] y, int yOffset) {
        for (int s = 0; s < blocks.length; s++) {
            int[] states = members[s];
            int d = states.length;
            if (contiguous[s]) {
                int start = states[0];
                applyBlock(left, blocks[s], x, xOffset + start, y, yOffset + start);
                continue;
            }
            double[] w = scratch.get();
            for (int k = 0; k < d; k++) {
                w[k] = x[xOffset + states[k]];
            }
            applyBlock(left, blocks[s], w, 0, w, d);
            for (int k = 0; k < d; k++) {
                y[yOffset + states[k]] = w[d + k];
            }
        }
    }

    private static void applyBlock(boolean left, Operator block, double[] x, int xOffset, double[] y, int yOffset) {
        if (left) {
            block.leftApply(x, xOffset, y, yOffset);
        } else {
            block.rightApply(x, xOffset, y, yOffset);
        }
    }

    @Override
    public void forEachNonZero(EntryVisitor visitor) {
        for (int s = 0; s < blocks.length; s++) {
            int[] states = members[s];
            blocks[s].forEachNonZero((i, j, v) -> visitor.visit(states[i], states[j], v));
        }
    }

    @Override
    public boolean isNonNegative() {
        for (Operator block : blocks) {
            if (!block.isNonNegative()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "BlockDiagonalOperator(" + partition.states() + "×" + partition.states() + ", sectors " + partition + ")";
    }
}
