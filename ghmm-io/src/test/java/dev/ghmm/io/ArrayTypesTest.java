package dev.ghmm.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ghmm.io.dataset.DatasetLayout;
import org.junit.jupiter.api.Test;

/**
 * One policy for arrays in public types (docs/design.md, "Records and arrays"): {@link DatasetLayout.File} is a value
 * whose shape is copied and compared by content; {@link Npy.Array}, the values of a whole file, is a buffer.
 */
class ArrayTypesTest {
    @Test
    void aFileCopiesItsShapeAndComparesItByContent() {
        long[] shape = {4, 7};
        DatasetLayout.File f = new DatasetLayout.File(DatasetLayout.Output.TOKENS, -1, "tokens.npy", shape, Npy.Dtype.INT32);
        shape[0] = 9;
        f.shape()[1] = 9;
        assertArrayEquals(new long[] {4, 7}, f.shape());
        DatasetLayout.File same = new DatasetLayout.File(DatasetLayout.Output.TOKENS, -1, "tokens.npy", new long[] {4, 7}, Npy.Dtype.INT32);
        assertEquals(f, same);
        assertEquals(f.hashCode(), same.hashCode());
        assertNotEquals(f, new DatasetLayout.File(DatasetLayout.Output.TOKENS, -1, "tokens.npy", new long[] {4, 8}, Npy.Dtype.INT32));
        assertEquals("File[tokens.npy, int32 [4, 7]]", f.toString());
    }

    @Test
    void anArrayReadIsABufferWhoseValuesAreNotCopied() {
        int[] values = {1, 2, 3};
        Npy.Array a = new Npy.Array(Npy.Dtype.INT32, new long[] {3}, values, null);
        assertSame(values, a.ints());
        assertNotEquals(a, new Npy.Array(Npy.Dtype.INT32, new long[] {3}, values, null));
        assertEquals("Npy.Array[int32 [3]]", a.toString());
    }
}
