package dev.ghmm.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path tmp;

    /** A file of the given dtype and shape whose data bytes are written by hand, little-endian. */
    static Path handWritten(Path file, String descr, byte[] data, long... shape) throws IOException {
        // the header of float32 with its three-letter descr replaced, so that unsupported ones can be written too
        byte[] header = new String(Npy.header(Npy.Dtype.FLOAT32, shape), StandardCharsets.ISO_8859_1).replace("'<f4'", "'" + descr + "'")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, all, header.length, data.length);
        Files.write(file, all);
        return file;
    }

    static byte[] halves(int... bits) {
        ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int h : bits) {
            b.putShort((short) h);
        }
        return b.array();
    }

    @Test
    void headerIsPaddedToSixtyFourBytesAndNamesTheShape() {
        byte[] h = Npy.header(Npy.Dtype.INT32, 3, 4);
        assertEquals(0, h.length % 64);
        assertEquals('\n', h[h.length - 1]);
        String text = new String(h, StandardCharsets.US_ASCII);
        assertTrue(text.contains("'shape': (3, 4)"));
        assertTrue(new String(Npy.header(Npy.Dtype.FLOAT64, 7), StandardCharsets.US_ASCII).contains("'shape': (7,)"));
    }

    @Test
    void writersRoundTripThroughBothReaders() throws IOException {
        Path ints = tmp.resolve("i.npy");
        try (Npy.Writer w = Npy.Writer.int32(ints, 2, 3)) {
            w.write(new int[] {1, -2, 3}, 0, 3);
            w.write(new int[] {9, 4, 5, 6, 9}, 1, 3);
        }
        assertArrayEquals(new int[] {1, -2, 3, 4, 5, 6}, Npy.read(ints).ints());
        assertArrayEquals(new long[] {2, 3}, Npy.read(ints).shape());

        double[] values = {1.5, -2, Math.PI, 0, 1e-300, -0.1};
        Path f8 = tmp.resolve("d.npy");
        try (Npy.Writer w = Npy.Writer.float64(f8, 3, 2)) {
            w.write(values, 0, 6);
        }
        assertArrayEquals(values, Npy.read(f8).doubles());
        Path f4 = tmp.resolve("f.npy");
        try (Npy.Writer w = Npy.Writer.float32(f4, 6)) {
            w.write(values, 0, 6);
        }
        double[] rounded = Arrays.stream(values).map(v -> (float) v).toArray();
        assertArrayEquals(rounded, Npy.read(f4).doubles());
        try (Npy.Reader m = Npy.Reader.open(f4, 8)) {
            double[] out = new double[6];
            m.read(0, 6, out, 0);
            assertArrayEquals(rounded, out);
        }
    }

    @Test
    void writerRefusesTooManyOrTooFewValues() throws IOException {
        Npy.Writer w = Npy.Writer.float64(tmp.resolve("x.npy"), 2);
        assertThrows(IllegalStateException.class, () -> w.write(new double[3], 0, 3));
        assertThrows(IllegalStateException.class, w::close);
    }

    /**
     * Regions written by three threads at once, in reverse order and each longer than a buffer, make the same bytes as
     * appending the values in order.
     */
    @Property(tries = 12)
    void regionsFromSeveralThreadsMakeTheAppendedFile(@ForAll @IntRange(min = 0, max = 60_000) int cut1, @ForAll @IntRange(min = 0, max = 60_000) int cut2)
            throws Exception {
        int n = 60_000;
        double[] values = new double[n];
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.sin(i) * 1e3;
            ints[i] = i * 7919 - 3;
        }
        int[] cuts = {0, Math.min(cut1, cut2), Math.max(cut1, cut2), n};
        Path dir = Files.createTempDirectory("npy-regions");  // jqwik properties get no @TempDir
        for (Npy.Dtype descr : new Npy.Dtype[] {Npy.Dtype.INT32, Npy.Dtype.FLOAT32, Npy.Dtype.FLOAT64}) {
            Path appended = dir.resolve("appended-" + descr.label() + ".npy");
            Path regions = dir.resolve("regions-" + descr.label() + ".npy");
            try (Npy.Writer w = Npy.Writer.of(appended, descr, 3, n / 3)) {
                write(w.region(0), descr, values, ints, 0, n);  // a region at 0 is the appended values too
            }
            try (Npy.Writer w = Npy.Writer.of(regions, descr, 3, n / 3)) {
                java.util.List<Thread> threads = new java.util.ArrayList<>();
                java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
                for (int r = 2; r >= 0; r--) {
                    int from = cuts[r];
                    int to = cuts[r + 1];
                    Thread t = new Thread(() -> {
                        try {
                            write(w.region(from), descr, values, ints, from, to - from);
                        } catch (IOException | RuntimeException e) {
                            failures.add(e);
                        }
                    });
                    t.start();
                    threads.add(t);
                }
                for (Thread t : threads) {
                    t.join();
                }
                assertTrue(failures.isEmpty(), failures.toString());
            }
            assertArrayEquals(Files.readAllBytes(appended), Files.readAllBytes(regions), descr.label());
            // the same file in memory: its header, then the values put into a buffer in two calls
            byte[] header = Npy.header(descr, 3, n / 3);
            ByteBuffer memory = ByteBuffer.allocate(header.length + n * descr.bytes()).put(header);
            Npy.Sink sink = Npy.into(memory, descr);
            if (descr == Npy.Dtype.INT32) {
                sink.write(ints, 0, cuts[1]);
                sink.write(ints, cuts[1], n - cuts[1]);
            } else {
                sink.write(values, 0, cuts[1]);
                sink.write(values, cuts[1], n - cuts[1]);
            }
            assertEquals(0, memory.remaining());
            assertArrayEquals(Files.readAllBytes(appended), memory.array(), descr.label() + " in memory");
            Files.delete(appended);
            Files.delete(regions);
        }
        Files.delete(dir);
    }

    /** Writes values [from, from + count) through the region, in two calls (the second after a seek), and closes it. */
    private static void write(Npy.Writer.Region region, Npy.Dtype descr, double[] values, int[] ints, int from, int count) throws IOException {
        int half = count / 2;
        if (descr == Npy.Dtype.INT32) {
            region.write(ints, from, half);
            region.seek(from + half);
            region.write(ints, from + half, count - half);
        } else {
            region.write(values, from, half);
            region.seek(from + half);
            region.write(values, from + half, count - half);
        }
        region.close();
    }

    @Test
    void regionsRefuseValuesOutsideTheArrayAndAMissingRegionFailsTheClose() throws IOException {
        Npy.Writer w = Npy.Writer.float32(tmp.resolve("r.npy"), 2, 3);
        assertThrows(IllegalArgumentException.class, () -> w.region(7));
        assertThrows(IllegalArgumentException.class, () -> w.region(-1));
        Npy.Writer.Region r = w.region(4);
        assertThrows(IllegalStateException.class, () -> r.write(new double[3], 0, 3), "values 4, 5, 6 of 6");
        assertThrows(IllegalStateException.class, () -> r.write(new int[1], 0, 1), "an int32 value in a float32 file");
        r.write(new double[] {1, 2}, 0, 2);
        r.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, w::close);
        assertEquals("wrote 2 values for a shape of 6", e.getMessage());
    }

    /**
     * Halves derived by hand: 0x3C00 = 2^(15−15)·(1 + 0) = 1; 0xC000 = −2^(16−15) = −2; 0x7BFF = 2^15·(1 + 1023/1024) =
     * 65504 (the largest half); 0x0001 = 2^−24 (the smallest subnormal); 0x03FF = 1023·2^−24 (the largest subnormal);
     * 0x0400 = 2^−14 (the smallest normal); 0x3555 = 2^−2·(1 + 341/1024) = 0.333251953125; 0x8000 = −0.
     */
    @Test
    void halvesDecodeExactly() {
        assertEquals(1.0, Npy.halfToDouble(0x3C00));
        assertEquals(-2.0, Npy.halfToDouble(0xC000));
        assertEquals(65504.0, Npy.halfToDouble(0x7BFF));
        assertEquals(Math.pow(2, -24), Npy.halfToDouble(0x0001));
        assertEquals(1023 * Math.pow(2, -24), Npy.halfToDouble(0x03FF));
        assertEquals(Math.pow(2, -14), Npy.halfToDouble(0x0400));
        assertEquals(0.333251953125, Npy.halfToDouble(0x3555));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Npy.halfToDouble(0x8000)));
        assertEquals(Double.POSITIVE_INFINITY, Npy.halfToDouble(0x7C00));
        assertEquals(Double.NEGATIVE_INFINITY, Npy.halfToDouble(0xFC00));
        assertTrue(Double.isNaN(Npy.halfToDouble(0x7E00)));
        assertTrue(Double.isNaN(Npy.halfToDouble(0xFC01)));
    }

    /** Every one of the 65536 halves agrees with an independent decoding: rebiasing the bits into a float32. */
    @Test
    void everyHalfAgreesWithTheFloatRebiasing() {
        for (int h = 0; h < 1 << 16; h++) {
            double expected = rebiased(h);
            double got = Npy.halfToDouble(h);
            if (Double.isNaN(expected)) {
                assertTrue(Double.isNaN(got), Integer.toHexString(h));
            } else {
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got), Integer.toHexString(h));
            }
        }
    }

    /** Half bits into float32 bits: exponent bias 15 → 127, subnormals normalised first. */
    private static double rebiased(int h) {
        int sign = (h & 0x8000) << 16;
        int e = (h >>> 10) & 0x1f;
        int m = h & 0x3ff;
        if (e == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (m << 13));
        }
        if (e == 0) {
            if (m == 0) {
                return Float.intBitsToFloat(sign);
            }
            int shift = 0;
            while ((m & 0x400) == 0) {
                m <<= 1;
                shift++;
            }
            m &= 0x3ff;
            e = 1 - shift;
        }
        return Float.intBitsToFloat(sign | ((e + 112) << 23) | (m << 13));
    }

    @Test
    void float16FilesReadExactlyThroughNarrowWindows() throws IOException {
        int[] bits = {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x0400, 0x3555, 0x8000};
        Path file = handWritten(tmp.resolve("h.npy"), "<f2", halves(bits), 2, 4);
        double[] expected = Arrays.stream(bits).mapToDouble(Npy::halfToDouble).toArray();
        assertArrayEquals(expected, Npy.read(file).doubles());
        try (Npy.Reader m = Npy.Reader.open(file, 6)) {
            assertEquals(Npy.Dtype.FLOAT16, m.dtype());
            assertArrayEquals(new long[] {2, 4}, m.shape());
            double[] out = new double[10];
            m.read(1, 6, out, 2);
            assertArrayEquals(Arrays.copyOfRange(expected, 1, 7), Arrays.copyOfRange(out, 2, 8));
            m.read(7, 1, out, 0);
            assertEquals(expected[7], out[0]);
            m.read(0, 8, out, 0);
            assertArrayEquals(expected, Arrays.copyOf(out, 8));
        }
    }

    /** Any range read through windows of any size is the same slice of the whole array. */
    @Property(tries = 60)
    void windowedRangesAreSlicesOfTheWhole(@ForAll @IntRange(min = 1, max = 40) int windowBytes, @ForAll @IntRange(min = 0, max = 36) int first,
                                         @ForAll @IntRange(min = 0, max = 37) int count, @ForAll boolean single) throws IOException {
        int n = 37;
        double[] values = new double[n];
        int[] ints = new int[n];
        for (int k = 0; k < n; k++) {
            values[k] = Math.sin(k) * 1e3 + k;
            ints[k] = k * k - 100;
        }
        Path dir = Files.createTempDirectory("npy");
        try {
            Path f = dir.resolve("f.npy");
            try (Npy.Writer w = single ? Npy.Writer.float32(f, n) : Npy.Writer.float64(f, n)) {
                w.write(values, 0, n);
            }
            Path i = dir.resolve("i.npy");
            try (Npy.Writer w = Npy.Writer.int32(i, n)) {
                w.write(ints, 0, n);
            }
            int c = Math.min(count, n - first);
            double[] whole = Npy.read(f).doubles();
            try (Npy.Reader m = Npy.Reader.open(f, windowBytes); Npy.Reader mi = Npy.Reader.open(i, windowBytes)) {
                double[] out = new double[c];
                m.read(first, c, out, 0);
                assertArrayEquals(Arrays.copyOfRange(whole, first, first + c), out);
                int[] outInts = new int[c];
                mi.readInts(first, c, outInts, 0);
                assertArrayEquals(Arrays.copyOfRange(ints, first, first + c), outInts);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void badFilesAndRangesAreRefusedNamingTheFile() throws IOException {
        Path bad = tmp.resolve("bad.npy");
        Files.write(bad, "not numpy at all".getBytes(StandardCharsets.US_ASCII));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.Reader.open(bad)).getMessage().contains("bad magic"));

        Path big = handWritten(tmp.resolve("big.npy"), ">f4", new byte[8], 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(big)).getMessage().contains("unsupported dtype >f4"));

        Path truncated = handWritten(tmp.resolve("t.npy"), "<f8", new byte[8 * 5], 2, 3);
        String message = assertThrows(IllegalArgumentException.class, () -> Npy.Reader.open(truncated)).getMessage();
        assertTrue(message.contains("t.npy") && message.contains("truncated"), message);

        Path ok = handWritten(tmp.resolve("ok.npy"), "<f4", new byte[4 * 6], 2, 3);
        try (Npy.Reader m = Npy.Reader.open(ok)) {
            assertThrows(IllegalArgumentException.class, () -> m.read(4, 3, new double[3], 0));
            assertThrows(IllegalArgumentException.class, () -> m.read(0, 3, new double[2], 0));
            assertThrows(IllegalArgumentException.class, () -> m.readInts(0, 1, new int[1], 0));
        }
    }

    /** A header-only file whose dict states the given shape text, as numpy would write it. */
    private Path headerOnly(String name, String shape) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int padding = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] text = (dict + " ".repeat(padding) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length).put(text);
        return Files.write(tmp.resolve(name), b.array());
    }

    @Test
    void shapesThatOverflowOrAreNegativeAreRefusedNamingTheFileAndShape() throws IOException {
        // 10^13 · 10^6 values overflow a long (an ArithmeticException before the fix)
        Path huge = headerOnly("huge.npy", "(10000000000000, 1000000)");
        String message = assertThrows(IllegalArgumentException.class, () -> Npy.Reader.open(huge)).getMessage();
        assertEquals(huge + ": shape [10000000000000, 1000000] of <f4 holds more than 2^63 bytes", message);
        // 2^61 values fit a long, their 2^63 bytes do not
        Path bytes = headerOnly("bytes.npy", "(2305843009213693952,)");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.Reader.open(bytes)).getMessage().contains("more than 2^63 bytes"));
        Path negative = headerOnly("negative.npy", "(-2, 3)");
        assertEquals(negative + ": shape [-2, 3] has a negative dimension",
                assertThrows(IllegalArgumentException.class, () -> Npy.Reader.open(negative)).getMessage());
    }

    @Test
    void readFiniteNamesTheIndexOfTheFirstValueThatIsNot() throws IOException {
        Path file = tmp.resolve("f.npy");
        try (Npy.Writer w = Npy.Writer.float64(file, 2, 3, 2)) {
            w.write(new double[] {0, 1, 2, 3, 4, 5, 6, 7, Double.NaN, 9, Double.POSITIVE_INFINITY, 11}, 0, 12);
        }
        try (Npy.Reader m = Npy.Reader.open(file)) {
            double[] out = new double[8];
            m.readFinite(0, 8, out, 0, "values");
            assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, out);
            // flat 8 = (1, 1, 0) in shape [2, 3, 2]
            assertEquals(file + "[1, 1, 0] = NaN: beliefs must be finite",
                    assertThrows(IllegalArgumentException.class, () -> m.readFinite(6, 6, new double[6], 0, "beliefs")).getMessage());
            assertEquals(file + "[1, 2, 0] = Infinity: x must be finite",
                    assertThrows(IllegalArgumentException.class, () -> m.readFinite(9, 2, new double[3], 1, "x")).getMessage());
            assertArrayEquals(new long[] {1, 2, 1}, m.index(11));
        }
    }

    @Test
    void aFileCutShortWhileBeingReadIsAnIoErrorNamingTheFileAndValues() throws IOException {
        Path file = tmp.resolve("shrinks.npy");
        int n = 1 << 16;
        try (Npy.Writer w = Npy.Writer.float64(file, 2, n / 2)) {
            w.write(new double[n], 0, n);
        }
        // a window of 4096 values: the first read fills [0, 4096), the cut leaves the header and 1000 values
        try (Npy.Reader m = Npy.Reader.open(file, 8 * 4096)) {
            double[] out = new double[n];
            m.read(0, 1, out, 0);
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(128 + 8 * 1000);
            }
            m.read(4000, 96, out, 0); // still in the window
            // a memory-mapped window faulted here with an InternalError, thrown at a later instruction before the fix
            java.nio.file.FileSystemException e = assertThrows(java.nio.file.FileSystemException.class, () -> m.read(n - 1024, 1024, out, 0));
            assertEquals(file.toString(), e.getFile());
            assertEquals("the file was cut short while being read: values [1, 31744] to [1, 32767] of shape [2, 32768] are missing"
                    + " (the file now has 8128 bytes, the shape needs 524416)", e.getReason());
            // the window from value 999 holds one value of the 4096 it asks for
            e = assertThrows(java.nio.file.FileSystemException.class, () -> m.read(999, 2, out, 0));
            assertTrue(e.getReason().contains("values [0, 1000] to [0, 5094] of shape [2, 32768] are missing"), e.getReason());
        }
    }

    @Test
    void aWriteThatFailsNamesTheFile() throws IOException {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "a writable /dev/full");
        // "No space left on device" without a path before the fix
        java.nio.file.FileSystemException e = assertThrows(java.nio.file.FileSystemException.class, () -> Npy.Writer.float64(full, 4));
        assertEquals("/dev/full", e.getFile());
        assertEquals("No space left on device", e.getReason());
    }
}
