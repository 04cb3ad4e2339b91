package dev.ghmm.operator;

import dev.ghmm.partition.Partition;

/**
 * A block-diagonal operator M = ⊕<sub>σ</sub> M<sub>σ</sub> (eq. 2.14): block σ acts on the states of sector σ
 * of a partition, in increasing state order, and every entry between two sectors is zero. A contiguous
 * sector is applied in place; any other is gathered into the caller's workspace and scattered back.
 */
public final class BlockDiagonalOperator extends AbstractOperator implements Operator {
    private final Partition partition;
    private final Operator[] blocks;
    private final int[][] members;
    private final boolean[] contiguous;
    /** Room to gather the input and the output of the largest non-contiguous sector. */
    private final int gather;
    private final int workspaceLength;

    BlockDiagonalOperator(Partition partition, Operator[] blocks) {
        if (blocks.length != partition.sectorCount()) {
            throw new IllegalArgumentException("got " + blocks.length + " blocks for " + partition.sectorCount() + " sectors");
        }
        this.partition = partition;
        this.blocks = blocks.clone();
        this.members = new int[blocks.length][];
        this.contiguous = new boolean[blocks.length];
        int largestScattered = 0;
        for (int s = 0; s < blocks.length; s++) {
            if (blocks[s].dimension() != partition.sectorSize(s)) {
                throw new IllegalArgumentException("block " + s + " has dimension " + blocks[s].dimension()
                        + " but sector " + s + " has " + partition.sectorSize(s) + " states");
            }
            members[s] = partition.sector(s);
            contiguous[s] = partition.isContiguous(s);
            if (!contiguous[s]) {
                largestScattered = Math.max(largestScattered, members[s].length);
            }
        }
        this.gather = 2 * largestScattered;
        this.workspaceLength = Math.addExact(gather, largestWorkspace(blocks));
    }

    /** {@return the partition whose sectors carry the blocks} */
    public Partition partition() {
        return partition;
    }

    /**
     * {@return block s}
     *
     * @param s the sector index
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

    /** Twice the largest non-contiguous sector (0 when every sector is contiguous) plus the largest workspace of a block. */
    @Override
    public int workspaceLength() {
        return workspaceLength;
    }

    @Override
    void left(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        apply(true, x, xOffset, y, yOffset, w, wOffset);
    }

    @Override
    void right(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        apply(false, x, xOffset, y, yOffset, w, wOffset);
    }

    private void apply(boolean left, double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        int blockOffset = wOffset + gather;
        for (int s = 0; s < blocks.length; s++) {
            int[] states = members[s];
            int d = states.length;
            AbstractOperator block = kernel(blocks[s]);
            if (contiguous[s]) {
                int start = states[0];
                applyBlock(left, block, x, xOffset + start, y, yOffset + start, w, blockOffset);
                continue;
            }
            for (int k = 0; k < d; k++) {
                w[wOffset + k] = x[xOffset + states[k]];
            }
            applyBlock(left, block, w, wOffset, w, wOffset + d, w, blockOffset);
            for (int k = 0; k < d; k++) {
                y[yOffset + states[k]] = w[wOffset + d + k];
            }
        }
    }

    private static void applyBlock(boolean left, AbstractOperator block, double[] x, int xOffset, double[] y, int yOffset,
                                   double[] w, int wOffset) {
        if (left) {
            block.left(x, xOffset, y, yOffset, w, wOffset);
        } else {
            block.right(x, xOffset, y, yOffset, w, wOffset);
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
