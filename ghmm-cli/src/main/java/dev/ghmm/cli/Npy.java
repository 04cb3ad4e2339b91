package dev.ghmm.cli;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numpy {@code .npy} format, version 1.0: magic {@code \x93NUMPY}, version bytes, a little-endian
 * uint16 header length, an ASCII dict {@code {'descr': '<i4', 'fortran_order': False, 'shape': (N, L), }}
 * padded with spaces and a newline so the data starts at a multiple of 64 bytes, then the data in C order.
 * Supported dtypes: little-endian int32 ({@code <i4}) and float64 ({@code <f8}).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {
    }

    /** The header bytes for an array of the given dtype ("&lt;i4" or "&lt;f8") and shape. */
    static byte[] header(String descr, long... shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** A streaming writer: the header first, then values appended in C order until exactly the shape's count. */
    public static final class Writer implements Closeable {
        private final OutputStream out;
        private final long expected;
        private final boolean doubles;
        private final boolean single;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        /** Float32 conversions of one buffer's worth of doubles. */
        private final float[] floats = new float[(1 << 16) / 4];
        private long written;

        private Writer(Path path, String descr, long... shape) throws IOException {
            this.doubles = !descr.equals("<i4");
            this.single = descr.equals("<f4");
            this.expected = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            out.write(header(descr, shape));
        }

        /**
         * A writer of int32 values.
         *
         * @param path the file
         * @param shape the array shape
         * @return a writer of int32 values
         * @throws IOException if the file cannot be read or written
         */
        public static Writer int32(Path path, long... shape) throws IOException {
            return new Writer(path, "<i4", shape);
        }

        /**
         * A writer of float64 values.
         *
         * @param path the file
         * @param shape the array shape
         * @return a writer of float64 values
         * @throws IOException if the file cannot be read or written
         */
        public static Writer float64(Path path, long... shape) throws IOException {
            return new Writer(path, "<f8", shape);
        }

        /**
         * A writer of float32 values: doubles are rounded to the nearest float.
         *
         * @param path the file
         * @param shape the array shape
         * @return a writer of float32 values
         * @throws IOException if the file cannot be read or written
         */
        public static Writer float32(Path path, long... shape) throws IOException {
            return new Writer(path, "<f4", shape);
        }

        /**
         * Appends int32 values.
         *
         * @param values the values
         * @param from first index to write
         * @param count how many values
         * @throws IOException if the file cannot be read or written
         */
        public void write(int[] values, int from, int count) throws IOException {
            requireType(false, count);
            for (int k = from, end = from + count; k < end; ) {
                if (buffer.remaining() < 4) {
                    flushBuffer();
                }
                int m = Math.min(end - k, buffer.remaining() / 4);
                buffer.asIntBuffer().put(values, k, m);
                buffer.position(buffer.position() + 4 * m);
                k += m;
            }
        }

        /**
         * Appends floating values, rounded to float32 for a float32 file.
         *
         * @param values the values
         * @param from first index to write
         * @param count how many values
         * @throws IOException if the file cannot be read or written
         */
        public void write(double[] values, int from, int count) throws IOException {
            requireType(true, count);
            int width = single ? 4 : 8;
            for (int k = from, end = from + count; k < end; ) {
                if (buffer.remaining() < width) {
                    flushBuffer();
                }
                int m = Math.min(end - k, buffer.remaining() / width);
                if (single) {
                    for (int i = 0; i < m; i++) {
                        floats[i] = (float) values[k + i];
                    }
                    buffer.asFloatBuffer().put(floats, 0, m);
                } else {
                    buffer.asDoubleBuffer().put(values, k, m);
                }
                buffer.position(buffer.position() + width * m);
                k += m;
            }
        }

        private void requireType(boolean asDoubles, int count) {
            if (asDoubles != doubles) {
                throw new IllegalStateException("wrong dtype for this file");
            }
            if (written + count > expected) {
                throw new IllegalStateException("more values than the shape holds: " + (written + count) + " > " + expected);
            }
            written += count;
        }

        private void flushBuffer() throws IOException {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }

        /** Flushes and closes; throws if fewer values than the shape holds were written. */
        @Override
        public void close() throws IOException {
            flushBuffer();
            out.close();
            if (written != expected) {
                throw new IllegalStateException("wrote " + written + " values for a shape of " + expected);
            }
        }
    }

    /** An array read from a {@code .npy} file: its dtype, shape and values (ints or doubles). */
    public record Array(String descr, long[] shape, int[] ints, double[] doubles) {
    }

    /**
     * Reads an int32 or float64 C-order {@code .npy} file.
     *
     * @throws IllegalArgumentException on a malformed header or an unsupported dtype
     * @param path the file
     * @return the array read
     * @throws IOException if the file cannot be read or written
     */
    public static Array read(Path path) throws IOException {
        try (InputStream raw = Files.newInputStream(path); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException(path + " is not a .npy file: bad magic");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            int length = major == 1 ? Short.toUnsignedInt(Short.reverseBytes(in.readShort())) : Integer.reverseBytes(in.readInt());
            String dict = new String(in.readNBytes(length), StandardCharsets.US_ASCII);
            Matcher descr = Pattern.compile("'descr':\\s*'([^']*)'").matcher(dict);
            Matcher order = Pattern.compile("'fortran_order':\\s*(True|False)").matcher(dict);
            Matcher shape = Pattern.compile("'shape':\\s*\\(([^)]*)\\)").matcher(dict);
            if (!descr.find() || !order.find() || !shape.find()) {
                throw new IllegalArgumentException(path + ": malformed header " + dict.trim());
            }
            if (order.group(1).equals("True")) {
                throw new IllegalArgumentException(path + ": Fortran order is not supported");
            }
            long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(t -> !t.isEmpty()).mapToLong(Long::parseLong).toArray();
            long count = Arrays.stream(dims).reduce(1, Math::multiplyExact);
            ByteBuffer data = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            switch (descr.group(1)) {
                case "<i4" -> {
                    int[] v = new int[Math.toIntExact(count)];
                    data.asIntBuffer().get(v);
                    return new Array("<i4", dims, v, null);
                }
                case "<f8" -> {
                    double[] v = new double[Math.toIntExact(count)];
                    data.asDoubleBuffer().get(v);
                    return new Array("<f8", dims, null, v);
                }
                case "<f4" -> {
                    double[] v = new double[Math.toIntExact(count)];
                    java.nio.FloatBuffer f = data.asFloatBuffer();
                    for (int k = 0; k < v.length; k++) {
                        v[k] = f.get(k);
                    }
                    return new Array("<f4", dims, null, v);
                }
                default -> throw new IllegalArgumentException(path + ": unsupported dtype " + descr.group(1));
            }
        }
    }
}
