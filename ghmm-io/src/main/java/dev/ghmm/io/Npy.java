package dev.ghmm.io;

import dev.ghmm.io.output.OutputFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numpy {@code .npy} format, versions 1.0–3.0: magic {@code \x93NUMPY}, version bytes, a little-endian header
 * length (uint16 in version 1, uint32 after), an ASCII dict {@code {'descr': '<i4', 'fortran_order': False, 'shape': (N, L), }}
 * padded with spaces and a newline so the data starts at a multiple of 64 bytes, then the data in C order.
 *
 * <p>Ways in and out: {@link Writer} streams int32, float32 or float64 values into a new file (in order, or
 * in regions written by several threads at once); {@link #into} puts them into a byte buffer after a {@link #header}
 * (a file in memory); both are {@link Sink}s. {@link #read} reads a small file whole; {@link Reader} reads any range
 * of a large file through a window, never the whole array at once. A header whose shape is negative or holds more
 * than 2<sup>63</sup> bytes is refused. The {@link Dtype}s read: little-endian int32, float16 (decoded exactly by
 * {@link #halfToDouble}), float32 and float64.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** The element types of this format: little-endian, one numpy descr each. */
    public enum Dtype {
        /** 32-bit two's complement integers, numpy {@code <i4}. */
        INT32("<i4", "int32", 4),
        /** IEEE 754 binary16, numpy {@code <f2}: read, not written. */
        FLOAT16("<f2", "float16", 2),
        /** IEEE 754 binary32, numpy {@code <f4}: doubles written are rounded to the nearest float. */
        FLOAT32("<f4", "float32", 4),
        /** IEEE 754 binary64, numpy {@code <f8}. */
        FLOAT64("<f8", "float64", 8);

        private final String descr;
        private final String label;
        private final int bytes;

        Dtype(String descr, String label, int bytes) {
            this.descr = descr;
            this.label = label;
            this.bytes = bytes;
        }

        /** {@return the numpy descr of the header, such as {@code <f4}} */
        public String descr() {
            return descr;
        }

        /** {@return the numpy name, such as {@code float32}} */
        public String label() {
            return label;
        }

        /** {@return the bytes of one value} */
        public int bytes() {
            return bytes;
        }

        /**
         * The type named {@code label} (int32, float16, float32 or float64).
         *
         * @param label the numpy name
         * @return the type
         * @throws IllegalArgumentException naming the label and the names expected
         */
        public static Dtype of(String label) {
            for (Dtype d : values()) {
                if (d.label.equals(label)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("dtype " + label + ": expected int32, float16, float32 or float64");
        }

        private static Dtype ofDescr(String descr) {
            for (Dtype d : values()) {
                if (d.descr.equals(descr)) {
                    return d;
                }
            }
            return null;
        }
    }

    /**
     * Where values go in C order: int32 values into an int32 array, doubles into a floating one (rounded to float32 for
     * a float32 array).
     */
    public interface Sink {
        /**
         * Writes int32 values.
         *
         * @param values the values
         * @param from   first index to write
         * @param count  how many values
         * @throws IOException           if a file cannot be written
         * @throws IllegalStateException if the array is not int32 or cannot hold them
         */
        void write(int[] values, int from, int count) throws IOException;

        /**
         * Writes floating values.
         *
         * @param values the values
         * @param from   first index to write
         * @param count  how many values
         * @throws IOException           if a file cannot be written
         * @throws IllegalStateException if the array is int32 or cannot hold them
         */
        void write(double[] values, int from, int count) throws IOException;
    }

    /**
     * A sink that puts values of {@code dtype} into {@code buffer} from its position on (setting the buffer
     * little-endian and advancing its position), as they lie after a {@link #header} of the same dtype.
     *
     * @param buffer where the values go
     * @param dtype  int32, float32 or float64
     * @return the sink; it throws {@link IllegalStateException} when the buffer cannot hold the values
     * @throws IllegalArgumentException for float16
     */
    public static Sink into(ByteBuffer buffer, Dtype dtype) {
        requireWritable(dtype);
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        float[] floats = dtype == Dtype.FLOAT32 ? new float[1 << 12] : null;
        return new Sink() {
            @Override
            public void write(int[] values, int from, int count) {
                requireType(dtype, false);
                if (put(buffer, values, from, count) < count) {
                    throw new IllegalStateException("a buffer of " + buffer.capacity() + " bytes cannot hold " + count + " more values");
                }
            }

            @Override
            public void write(double[] values, int from, int count) {
                requireType(dtype, true);
                for (int k = from, end = from + count; k < end; ) {
                    int m = put(buffer, dtype, values, k, end - k, floats);
                    if (m == 0) {
                        throw new IllegalStateException("a buffer of " + buffer.capacity() + " bytes cannot hold " + (end - k) + " more values");
                    }
                    k += m;
                }
            }
        };
    }

    private static void requireWritable(Dtype dtype) {
        if (dtype == Dtype.FLOAT16) {
            throw new IllegalArgumentException("float16 is read, not written");
        }
    }

    private static void requireType(Dtype dtype, boolean asDoubles) {
        if (asDoubles == (dtype == Dtype.INT32)) {
            throw new IllegalStateException((asDoubles ? "doubles" : "ints") + " for an array of " + dtype.label());
        }
    }

    /** Puts as many of values[from, from + count) as fit into b; returns how many. */
    private static int put(ByteBuffer b, int[] values, int from, int count) {
        int m = Math.min(count, b.remaining() / 4);
        b.asIntBuffer().put(values, from, m);
        b.position(b.position() + 4 * m);
        return m;
    }

    /** Puts as many of values[from, from + count) as fit into b (and into floats, for float32) as dtype; returns how many. */
    private static int put(ByteBuffer b, Dtype dtype, double[] values, int from, int count, float[] floats) {
        int m = Math.min(count, b.remaining() / dtype.bytes);
        if (dtype == Dtype.FLOAT32) {
            m = Math.min(m, floats.length);
            for (int i = 0; i < m; i++) {
                floats[i] = (float) values[from + i];
            }
            b.asFloatBuffer().put(floats, 0, m);
        } else {
            b.asDoubleBuffer().put(values, from, m);
        }
        b.position(b.position() + dtype.bytes * m);
        return m;
    }

    /**
     * The header bytes (magic, version 1.0, length, dict, padding) for an array of the given dtype and shape.
     *
     * @param dtype the element type
     * @param shape the array shape
     * @return the header, a multiple of 64 bytes long
     */
    public static byte[] header(Dtype dtype, long... shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + (shape.length == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
        String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /**
     * The exact value of an IEEE 754 binary16 number (numpy {@code float16}): sign s, 5 exponent bits e, 10 fraction
     * bits m give (−1)<sup>s</sup>·2<sup>e−15</sup>·(1 + m/1024) for 0 &lt; e &lt; 31, (−1)<sup>s</sup>·2<sup>−14</sup>·m/1024
     * (subnormal, and ±0) for e = 0, ±∞ for e = 31 and m = 0, and NaN otherwise. Every half is a double exactly.
     *
     * @param bits the 16 bits, in the low half of the int (higher bits are ignored)
     * @return the value
     */
    public static double halfToDouble(int bits) {
        int exponent = (bits >>> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        double magnitude;
        if (exponent == 0) {
            magnitude = Math.scalb((double) fraction, -24);
        } else if (exponent == 31) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = Math.scalb((double) (1024 + fraction), exponent - 25);
        }
        return (bits & 0x8000) != 0 ? -magnitude : magnitude;
    }

    /**
     * A writer of a new file: the header at creation, then the values in C order, appended with {@code write} or, from
     * several threads at once, written through {@link Region}s that start at given indices. Closing checks that
     * exactly the shape's count of values arrived.
     */
    public static final class Writer implements Sink, Closeable {
        private final Path path;
        private final FileChannel channel;
        private final long dataOffset;
        private final long expected;
        private final Dtype dtype;
        /** Values flushed to the file by every region. */
        private final AtomicLong written = new AtomicLong();
        private final Region appended;

        private Writer(Path path, Dtype dtype, long... shape) throws IOException {
            requireWritable(dtype);
            this.path = path;
            this.dtype = dtype;
            this.expected = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            byte[] header = header(dtype, shape);
            try {
                writeAt(ByteBuffer.wrap(header), 0);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            this.dataOffset = header.length;
            this.appended = new Region(0);
        }

        /**
         * {@return a writer of values of a dtype}
         *
         * @param path  the file
         * @param dtype int32, float32 or float64
         * @param shape the array shape
         * @throws IOException if the file cannot be written (every write failure names the file)
         * @throws IllegalArgumentException for float16
         */
        public static Writer of(Path path, Dtype dtype, long... shape) throws IOException {
            return new Writer(path, dtype, shape);
        }

        /**
         * {@return a writer of int32 values}
         *
         * @param path the file
         * @param shape the array shape
         * @throws IOException if the file cannot be written (every write failure names the file)
         */
        public static Writer int32(Path path, long... shape) throws IOException {
            return new Writer(path, Dtype.INT32, shape);
        }

        /**
         * {@return a writer of float64 values}
         *
         * @param path the file
         * @param shape the array shape
         * @throws IOException if the file cannot be written
         */
        public static Writer float64(Path path, long... shape) throws IOException {
            return new Writer(path, Dtype.FLOAT64, shape);
        }

        /**
         * A writer of float32 values: doubles are rounded to the nearest float.
         *
         * @param path the file
         * @param shape the array shape
         * @return a writer of float32 values
         * @throws IOException if the file cannot be written
         */
        public static Writer float32(Path path, long... shape) throws IOException {
            return new Writer(path, Dtype.FLOAT32, shape);
        }

        /**
         * Appends int32 values (after those appended before; regions are separate).
         *
         * @param values the values
         * @param from first index to write
         * @param count how many values
         * @throws IOException if the file cannot be written
         */
        @Override
        public void write(int[] values, int from, int count) throws IOException {
            appended.write(values, from, count);
        }

        /**
         * Appends floating values, rounded to float32 for a float32 file.
         *
         * @param values the values
         * @param from first index to write
         * @param count how many values
         * @throws IOException if the file cannot be written
         */
        @Override
        public void write(double[] values, int from, int count) throws IOException {
            appended.write(values, from, count);
        }

        /**
         * A cursor for one thread that writes values from index {@code first} of the array (in C order) on. Regions of one
         * writer may be written from different threads at once; they must not overlap each other or the appended values,
         * and each must be closed before the writer.
         *
         * @param first the index of the region's first value, in [0, count]
         * @return the region
         * @throws IllegalArgumentException if first is outside the array
         */
        public Region region(long first) {
            requireStart(first);
            return new Region(first);
        }

        private void requireStart(long first) {
            if (first < 0 || first > expected) {
                throw new IllegalArgumentException("a region at value " + first + " of an array of " + expected + " values");
            }
        }

        /**
         * Writes all of {@code bytes} at {@code position}; a failure the channel reports without a file (No space left
         * on device, File too large) is rethrown naming this file.
         */
        private void writeAt(ByteBuffer bytes, long position) throws IOException {
            try {
                for (long at = position; bytes.hasRemaining(); ) {
                    at += channel.write(bytes, at);
                }
            } catch (FileSystemException | ClosedChannelException e) {
                throw e; // named already, or an interrupt or close the caller handles by its type
            } catch (IOException e) {
                throw OutputFiles.naming(path, e);
            }
        }

        /** Flushes and closes; throws if fewer values than the shape holds were written. */
        @Override
        public void close() throws IOException {
            try {
                appended.close();
            } finally {
                channel.close();
            }
            if (written.get() != expected) {
                throw new IllegalStateException("wrote " + written.get() + " values for a shape of " + expected);
            }
        }

        /** Consecutive values of a {@link Writer} from a starting index, buffered; for one thread. */
        public final class Region implements Sink, Closeable {
            private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            /** Float32 conversions of one buffer's worth of doubles. */
            private final float[] floats = dtype == Dtype.FLOAT32 ? new float[(1 << 16) / 4] : null;
            /** The index of the first buffered value, and of the next value written. */
            private long start;
            private long next;

            private Region(long first) {
                this.start = first;
                this.next = first;
            }

            /**
             * Continues the region at another index, after flushing what it holds.
             *
             * @param first the index of the next value, in [0, count]
             * @throws IOException if the file cannot be written
             * @throws IllegalArgumentException if first is outside the array
             */
            public void seek(long first) throws IOException {
                requireStart(first);
                flush();
                start = first;
                next = first;
            }

            /**
             * Writes int32 values.
             *
             * @param values the values
             * @param from first index to write
             * @param count how many values
             * @throws IOException if the file cannot be written
             */
            @Override
            public void write(int[] values, int from, int count) throws IOException {
                requireType(false, count);
                for (int k = from, end = from + count; k < end; ) {
                    if (buffer.remaining() < 4) {
                        flush();
                    }
                    k += put(buffer, values, k, end - k);
                }
            }

            /**
             * Writes floating values, rounded to float32 for a float32 file.
             *
             * @param values the values
             * @param from first index to write
             * @param count how many values
             * @throws IOException if the file cannot be written
             */
            @Override
            public void write(double[] values, int from, int count) throws IOException {
                requireType(true, count);
                for (int k = from, end = from + count; k < end; ) {
                    if (buffer.remaining() < dtype.bytes) {
                        flush();
                    }
                    k += put(buffer, dtype, values, k, end - k, floats);
                }
            }

            private void requireType(boolean asDoubles, int count) {
                Npy.requireType(dtype, asDoubles);
                if (next + count > expected) {
                    throw new IllegalStateException("more values than the shape holds: " + (next + count) + " > " + expected);
                }
                next += count;
            }

            private void flush() throws IOException {
                buffer.flip();
                int values = buffer.remaining() / dtype.bytes;
                writeAt(buffer, dataOffset + start * dtype.bytes);
                buffer.clear();
                start += values;
                written.addAndGet(values);
            }

            /** Writes what the region holds. */
            @Override
            public void close() throws IOException {
                flush();
            }
        }
    }

    /**
     * An array read from a {@code .npy} file: its dtype, shape and values (ints for int32, doubles otherwise).
     *
     * <p>A buffer, not a value (so a class, not a record): the values of a whole file are not copied, each accessor
     * returns the array read, which belongs to the caller, and two arrays are equal only when they are the same
     * object; compare values with {@link java.util.Arrays#equals}.
     */
    public static final class Array {
        private final Dtype dtype;
        private final long[] shape;
        private final int[] ints;
        private final double[] doubles;

        /**
         * An array over the given values (not copied).
         *
         * @param dtype   the element type
         * @param shape   the shape
         * @param ints    the values of an int32 file, else null
         * @param doubles the values of a floating file, else null
         */
        public Array(Dtype dtype, long[] shape, int[] ints, double[] doubles) {
            this.dtype = dtype;
            this.shape = shape;
            this.ints = ints;
            this.doubles = doubles;
        }

        /** {@return the element type} */
        public Dtype dtype() {
            return dtype;
        }

        /** {@return the shape (the array read)} */
        public long[] shape() {
            return shape;
        }

        /** {@return the values of an int32 file (the array read), else null} */
        public int[] ints() {
            return ints;
        }

        /** {@return the values of a floating file (the array read), else null} */
        public double[] doubles() {
            return doubles;
        }

        @Override
        public String toString() {
            return "Npy.Array[" + dtype.label() + " " + Arrays.toString(shape) + "]";
        }
    }

    /**
     * The parsed header of a {@code .npy} file.
     *
     * @param dtype      the element type
     * @param shape      the shape
     * @param dataOffset the byte offset of the first value
     */
    private record Header(Dtype dtype, long[] shape, long dataOffset) {
        long count() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }
    }

    private static Header readHeader(Path path, FileChannel channel) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, start, 0);
        start.flip();
        byte[] magic = new byte[MAGIC.length];
        if (start.remaining() >= MAGIC.length) {
            start.get(magic);
        }
        if (!Arrays.equals(magic, MAGIC) || start.remaining() < 6) {
            throw new IllegalArgumentException(path + " is not a .npy file: bad magic");
        }
        int major = Byte.toUnsignedInt(start.get());
        start.get();
        long length;
        long dictStart;
        if (major == 1) {
            length = Short.toUnsignedInt(start.getShort());
            dictStart = 10;
        } else {
            length = Integer.toUnsignedLong(start.getInt());
            dictStart = 12;
        }
        if (length > 1 << 20) {
            throw new IllegalArgumentException(path + ": header of " + length + " bytes is not a .npy header");
        }
        ByteBuffer dictBytes = ByteBuffer.allocate((int) length);
        readFully(channel, dictBytes, dictStart);
        String dict = new String(dictBytes.array(), 0, dictBytes.position(), StandardCharsets.US_ASCII);
        Matcher descr = DESCR.matcher(dict);
        Matcher order = ORDER.matcher(dict);
        Matcher shape = SHAPE.matcher(dict);
        if (!descr.find() || !order.find() || !shape.find()) {
            throw new IllegalArgumentException(path + ": malformed header " + dict.trim());
        }
        if (order.group(1).equals("True")) {
            throw new IllegalArgumentException(path + ": Fortran order is not supported");
        }
        Dtype type = Dtype.ofDescr(descr.group(1));
        if (type == null) {
            throw new IllegalArgumentException(path + ": unsupported dtype " + descr.group(1) + "; expected <i4, <f2, <f4 or <f8");
        }
        long[] dims;
        try {
            dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(t -> !t.isEmpty()).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": malformed shape (" + shape.group(1) + ")");
        }
        Header h = new Header(type, dims, dictStart + length);
        long needed;
        try {
            if (Arrays.stream(dims).anyMatch(d -> d < 0)) {
                throw new IllegalArgumentException(path + ": shape " + Arrays.toString(dims) + " has a negative dimension");
            }
            needed = Math.addExact(h.dataOffset, Math.multiplyExact(h.count(), type.bytes));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(path + ": shape " + Arrays.toString(dims) + " of " + type.descr + " holds more than 2^63 bytes");
        }
        if (channel.size() < needed) {
            throw new IllegalArgumentException(path + ": truncated: shape " + Arrays.toString(dims) + " of " + type.descr + " needs " + needed
                    + " bytes, the file has " + channel.size());
        }
        return h;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long p = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, p);
            if (n < 0) {
                return;
            }
            p += n;
        }
    }

    /**
     * Reads a small C-order {@code .npy} file whole: int32 into ints, float16, float32 and float64 into doubles (exactly).
     * Use {@link Reader} for files that should not be held in memory.
     *
     * @param path the file
     * @return the array read
     * @throws IllegalArgumentException on a malformed or truncated file, an unsupported dtype, or more values than a
     *                                  Java array holds
     * @throws IOException if the file cannot be read
     */
    public static Array read(Path path) throws IOException {
        try (Reader m = Reader.open(path)) {
            if (m.size() > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(path + ": shape " + Arrays.toString(m.shape()) + " holds " + m.size()
                        + " values, more than can be read whole");
            }
            int count = (int) m.size();
            if (m.dtype() == Dtype.INT32) {
                int[] v = new int[count];
                m.readInts(0, count, v, 0);
                return new Array(Dtype.INT32, m.shape(), v, null);
            }
            double[] v = new double[count];
            m.read(0, count, v, 0);
            return new Array(m.dtype(), m.shape(), null, v);
        }
    }

    /**
     * A {@code .npy} file read through a window: any range of values in C order, converted to double (or int for
     * int32), the file read into a buffer of at most {@code windowBytes} at a time. Reading a [N, P, d] array sequence
     * by sequence, or a [layers, N, P, d] array layer by layer, therefore holds only the window and what the caller
     * asks for. The window is filled by positional reads, not memory-mapped: a mapped file that another process
     * truncates faults at an arbitrary later instruction of compiled code, which no caller can catch, while a read past
     * the end is an {@link IOException} here, naming the file and the values.
     *
     * <p>Not thread-safe: the window is state. Closing releases the file.
     */
    public static final class Reader implements Closeable {
        /** Bytes read per window by default (1 MiB). */
        public static final long WINDOW_BYTES = 1L << 20;

        private final Path path;
        private final FileChannel channel;
        private final Header header;
        private final int itemSize;
        private final long windowItems;
        /** The values [windowFirst, windowEnd) of the file, little-endian; null until the first read. */
        private ByteBuffer window;
        private long windowFirst;
        private long windowEnd;

        private Reader(Path path, FileChannel channel, Header header, long windowBytes) {
            this.path = path;
            this.channel = channel;
            this.header = header;
            this.itemSize = header.dtype.bytes;
            this.windowItems = Math.max(1, Math.min(Math.min(windowBytes, Integer.MAX_VALUE - 8) / itemSize, header.count()));
        }

        /**
         * Opens a file with the default window of {@link #WINDOW_BYTES}.
         *
         * @param path the file
         * @return the open file; close it
         * @throws IllegalArgumentException on a malformed or truncated file or an unsupported dtype
         * @throws IOException if the file cannot be read
         */
        public static Reader open(Path path) throws IOException {
            return open(path, WINDOW_BYTES);
        }

        /**
         * Opens a file reading at most {@code windowBytes} at a time (at most 2<sup>31</sup> − 9, rounded down to whole
         * values, at least one value, at most the file's).
         *
         * @param path        the file
         * @param windowBytes the most bytes held at once, ≥ 1
         * @return the open file; close it
         * @throws IllegalArgumentException on a malformed or truncated file, an unsupported dtype, or windowBytes &lt; 1
         * @throws IOException if the file cannot be read
         */
        public static Reader open(Path path, long windowBytes) throws IOException {
            if (windowBytes < 1) {
                throw new IllegalArgumentException("windowBytes " + windowBytes + " must be >= 1");
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            try {
                return new Reader(path, channel, readHeader(path, channel), windowBytes);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        /**
         * The file.
         *
         * @return its path
         */
        public Path path() {
            return path;
        }

        /** {@return the element type} */
        public Dtype dtype() {
            return header.dtype;
        }

        /**
         * The shape (a copy).
         *
         * @return the shape
         */
        public long[] shape() {
            return header.shape.clone();
        }

        /**
         * The number of values, the product of the shape.
         *
         * @return the count
         */
        public long size() {
            return header.count();
        }

        /**
         * Reads values [first, first + count) in C order as doubles, exactly (float16 and float32 widen without rounding).
         *
         * @param first  the index of the first value in the flattened array
         * @param count  how many values
         * @param out    (Output) receives the values
         * @param offset where in {@code out} the first goes
         * @throws IllegalArgumentException if the range lies outside the array or {@code out}, or the file holds int32
         * @throws IOException if the file cannot be read (a {@link FileSystemException} naming the file and the values if
         *                     the file was truncated after it was opened)
         */
        public void read(long first, int count, double[] out, int offset) throws IOException {
            if (header.dtype == Dtype.INT32) {
                throw new IllegalArgumentException(path + " holds int32: read it with readInts");
            }
            requireRange(first, count, out.length, offset);
            long at = first;
            int o = offset;
            int left = count;
            while (left > 0) {
                int n = position(at, left);
                switch (header.dtype) {
                    case FLOAT64 -> window.asDoubleBuffer().get(out, o, n);
                    case FLOAT32 -> {
                        for (int k = 0; k < n; k++) {
                            out[o + k] = window.getFloat(window.position() + 4 * k);
                        }
                    }
                    default -> {
                        for (int k = 0; k < n; k++) {
                            out[o + k] = halfToDouble(window.getShort(window.position() + 2 * k));
                        }
                    }
                }
                at += n;
                o += n;
                left -= n;
            }
        }

        /**
         * Reads values [first, first + count) like {@link #read} and requires every one finite.
         *
         * @param first  the index of the first value in the flattened array
         * @param count  how many values
         * @param out    (Output) receives the values
         * @param offset where in {@code out} the first goes
         * @param what   what the values are, for the message ("activations")
         * @throws IllegalArgumentException as {@link #read}, or "{@code FILE[i, j, k] = NaN: WHAT must be finite}" naming the
         *                                  first value that is NaN or infinite by its index in the shape
         * @throws IOException as {@link #read}
         */
        public void readFinite(long first, int count, double[] out, int offset, String what) throws IOException {
            read(first, count, out, offset);
            for (int k = 0; k < count; k++) {
                if (!Double.isFinite(out[offset + k])) {
                    throw new IllegalArgumentException(path + Arrays.toString(index(first + k)) + " = " + out[offset + k] + ": " + what
                            + " must be finite");
                }
            }
        }

        /**
         * The index in the shape of the value at a position of the flattened (C-order) array.
         *
         * @param flat the position, in [0, size)
         * @return the index, one entry per dimension
         */
        public long[] index(long flat) {
            long[] shape = header.shape;
            long[] index = new long[shape.length];
            long rest = flat;
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            return index;
        }

        /**
         * Reads int32 values [first, first + count) in C order.
         *
         * @param first  the index of the first value in the flattened array
         * @param count  how many values
         * @param out    (Output) receives the values
         * @param offset where in {@code out} the first goes
         * @throws IllegalArgumentException if the range lies outside the array or {@code out}, or the file is not int32
         * @throws IOException as {@link #read}
         */
        public void readInts(long first, int count, int[] out, int offset) throws IOException {
            if (header.dtype != Dtype.INT32) {
                throw new IllegalArgumentException(path + " holds " + header.dtype.descr + ", not int32");
            }
            requireRange(first, count, out.length, offset);
            long at = first;
            int o = offset;
            int left = count;
            while (left > 0) {
                int n = position(at, left);
                window.asIntBuffer().get(out, o, n);
                at += n;
                o += n;
                left -= n;
            }
        }

        private void requireRange(long first, int count, int outLength, int offset) {
            if (first < 0 || count < 0 || first > size() - count) {
                throw new IllegalArgumentException(path + ": values [" + first + ", " + (first + count) + ") outside the " + size() + " it holds");
            }
            if (offset < 0 || offset > outLength - count) {
                throw new IllegalArgumentException("output array of length " + outLength + " cannot take " + count + " values at " + offset);
            }
        }

        /**
         * Fills the window from value {@code at} on if it does not hold that value, positions it there, and returns how
         * many of the {@code wanted} values it holds from there.
         */
        private int position(long at, int wanted) throws IOException {
            if (window == null || at < windowFirst || at >= windowEnd) {
                if (window == null) {
                    window = ByteBuffer.allocateDirect((int) (windowItems * itemSize)).order(ByteOrder.LITTLE_ENDIAN);
                }
                long end = Math.min(size(), at + windowItems);
                window.clear().limit((int) ((end - at) * itemSize));
                windowFirst = at;
                windowEnd = at; // empty until the read completes
                readFully(channel, window, header.dataOffset + at * itemSize);
                if (window.hasRemaining()) {
                    throw truncated(at + window.position() / itemSize, end);
                }
                windowEnd = end;
            }
            window.position((int) ((at - windowFirst) * itemSize));
            return (int) Math.min(wanted, windowEnd - at);
        }

        /** The error for values [from, to) that lie past the end of a file that was cut short after it was opened. */
        private FileSystemException truncated(long from, long to) throws IOException {
            return new FileSystemException(path.toString(), null, "the file was cut short while being read: values "
                    + Arrays.toString(index(from)) + " to " + Arrays.toString(index(to - 1)) + " of shape " + Arrays.toString(header.shape)
                    + " are missing (the file now has " + channel.size() + " bytes, the shape needs " + (header.dataOffset + size() * itemSize) + ")");
        }

        /** Closes the file. */
        @Override
        public void close() throws IOException {
            window = null;
            channel.close();
        }
    }
}
