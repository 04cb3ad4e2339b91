package dev.ghmm.cli;

import dev.ghmm.io.Npy;
import dev.ghmm.io.output.OutputFiles;
import dev.ghmm.probe.ProbeOptions;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reads its options: one converter per kind of value, each knowing its range, and the one-line
 * message of every usage error. A refused value reads {@code --OPTION "VALUE" REASON}, e.g.
 * {@code --threads "4294967297" is out of range: expected an integer in [1, 2147483647]}; an absent option
 * {@code missing required option '--max-length'}. Integers are read exactly, so a value out of range is refused
 * whatever its number of digits and never wraps around.
 */
final class Options {
    /** Values are shown up to this many characters in messages. */
    private static final int SHOWN = 60;
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private Options() {
    }

    // ------------------------------------------------------------------------------------------------ messages

    /** The one line for a usage error found by picocli (the caller adds the command and the hint). */
    static String message(ParameterException e) {
        // an unknown option is the cause of whatever else is wrong (a misspelt required option is also missing)
        List<String> unmatched = e instanceof UnmatchedArgumentException u ? u.getUnmatched() : e.getCommandLine().getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            // picocli suggests only in its own exception; a misspelt required option arrives as a missing one
            UnmatchedArgumentException u = e instanceof UnmatchedArgumentException x ? x : new UnmatchedArgumentException(e.getCommandLine(), unmatched);
            List<String> suggestions = u.getSuggestions();
            return unmatched(e.getCommandLine(), unmatched.get(0)) + (suggestions.isEmpty() ? "" : " (did you mean " + suggestions.get(0) + "?)");
        }
        if (e instanceof OverwrittenOptionException o) {
            return name(o.getOverwritten()) + " is given more than once: give it once";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            List<String> names = m.getMissing().stream().map(Options::name).toList();
            if (m.getMessage().startsWith("Missing required option")) {
                return (names.size() == 1 ? "missing required option " : "missing required options ")
                        + String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
            }
            return names.get(0) + " needs a value";
        }
        ArgSpec arg = e.getArgSpec();
        if (arg != null && e.getValue() != null && e.getCause() instanceof TypeConversionException t) {
            if (arg.type() == boolean.class || arg.type() == Boolean.class) {
                return name(arg) + " takes no value, got \"" + show(e.getValue()) + "\"";
            }
            return refused(name(arg), e.getValue(), t.getMessage());
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        m = m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
        return m.isEmpty() ? m : m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }

    private static String unmatched(CommandLine command, String argument) {
        String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
        if (argument.startsWith("-") && argument.length() > 1 && command.getCommandSpec().findOption(name) == null) {
            return "unknown option " + show(name);
        }
        return (command.getParent() == null ? "unknown command \"" : "unexpected argument \"") + show(argument) + "\"";
    }

    /** {@code --OPTION "VALUE" REASON}, the value cut to {@value #SHOWN} characters. */
    static String refused(String option, String value, String reason) {
        return quoted(option, value) + " " + reason;
    }

    /** {@code --OPTION "VALUE"}, the value cut to {@value #SHOWN} characters. */
    static String quoted(String option, String value) {
        return option + " \"" + show(value) + "\"";
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    static String show(String value) {
        return value.length() <= SHOWN ? value : value.substring(0, SHOWN - 1) + "…";
    }

    // ---------------------------------------------------------------------------------------------- converters

    /** Whole numbers in [min, max], read exactly. */
    abstract static class Whole {
        private final long min;
        private final long max;

        Whole(long min, long max) {
            this.min = min;
            this.max = max;
        }

        final long read(String text) {
            if (!INTEGER.matcher(text).matches()) {
                throw new TypeConversionException("is not an integer");
            }
            String digits = text.replaceFirst("^[+-]?0*", "");
            // more than 19 digits is beyond every long: no need to parse a huge argument
            if (digits.length() > 19) {
                throw outOfRange();
            }
            BigInteger v = new BigInteger(text);
            if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
                throw outOfRange();
            }
            return v.longValueExact();
        }

        private TypeConversionException outOfRange() {
            return new TypeConversionException("is out of range: expected an integer "
                    + (max == Long.MAX_VALUE && min != Long.MIN_VALUE ? ">= " + min : "in [" + min + ", " + max + "]"));
        }
    }

    /** A whole-number option read as a long. */
    abstract static class WholeLong extends Whole implements ITypeConverter<Long> {
        WholeLong(long min, long max) {
            super(min, max);
        }

        @Override
        public final Long convert(String value) {
            return read(value);
        }
    }

    /** A whole-number option read as an int; its range lies within int's. */
    abstract static class WholeInt extends Whole implements ITypeConverter<Integer> {
        WholeInt(int min, int max) {
            super(min, max);
        }

        @Override
        public final Integer convert(String value) {
            return (int) read(value);
        }
    }

    /** {@code --count}: N ≥ 1 sequences. */
    static final class Count extends WholeLong {
        Count() {
            super(1, Long.MAX_VALUE);
        }
    }

    /** {@code --first}: K ≥ 0, the index of the first sequence. */
    static final class First extends WholeLong {
        First() {
            super(0, Long.MAX_VALUE);
        }
    }

    /** {@code --seed}: any 64-bit integer, Long.MIN_VALUE included. */
    static final class Seed extends WholeLong {
        Seed() {
            super(Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    /** {@code --length}: L in [1, 2³⁰ − 1] tokens per sequence. */
    static final class Length extends WholeInt {
        Length() {
            super(1, Integer.MAX_VALUE / 2);
        }
    }

    /** {@code --threads}: T ≥ 1 (an int; the command uses at most the available processors). */
    static final class Threads extends WholeInt {
        Threads() {
            super(1, Integer.MAX_VALUE);
        }
    }

    /** {@code --batch} and {@code --world}: a whole number ≥ 1 (an int). */
    static final class Positive extends WholeInt {
        Positive() {
            super(1, Integer.MAX_VALUE);
        }
    }

    /** {@code --max-length}: L in [1, 10000]; at L = 0 there is no entropy rate to estimate. */
    static final class MaxLength extends WholeInt {
        MaxLength() {
            super(1, 10_000);
        }
    }

    /** {@code --depth}: L in [0, 10000]. */
    static final class Depth extends WholeInt {
        Depth() {
            super(0, 10_000);
        }
    }

    /** {@code --layer}, {@code --factor}, {@code --first-row}: an index in [0, 2³¹ − 1]. */
    static final class Index extends WholeInt {
        Index() {
            super(0, Integer.MAX_VALUE);
        }
    }

    /** {@code --tolerance}, {@code --ridge}: a finite number ≥ 0. */
    static final class NonNegative implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = number(value);
            if (!Double.isFinite(v) || v < 0) {
                throw new TypeConversionException("is out of range: expected a finite number >= 0");
            }
            return v;
        }
    }

    /** {@code --validation}: a fraction in [0, 1). */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = number(value);
            if (!(v >= 0 && v < 1)) {
                throw new TypeConversionException("is out of range: expected a number in [0, 1)");
            }
            return v;
        }
    }

    private static double number(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("is not a number");
        }
    }

    /**
     * An option whose value is one of a few names: the converter and, as the list of names, its shell completion
     * candidates (picocli takes both as classes with a no-argument constructor).
     */
    abstract static class Choice<E> extends ArrayList<String> implements ITypeConverter<E> {
        private static final long serialVersionUID = 1L;
        private final transient List<E> values;

        Choice(List<String> names, List<E> values) {
            super(names);
            this.values = values;
        }

        @Override
        public E convert(String value) {
            int k = indexOf(value);
            if (k < 0) {
                throw new TypeConversionException("is not " + String.join(", ", subList(0, size() - 1)) + " or " + get(size() - 1));
            }
            return values.get(k);
        }
    }

    /** {@code --targets}: joint, factors or both. */
    static final class TargetsName extends Choice<ProbeOptions.Targets> {
        private static final long serialVersionUID = 1L;

        TargetsName() {
            super(List.of("joint", "factors", "both"), List.of(ProbeOptions.Targets.JOINT, ProbeOptions.Targets.FACTORS, ProbeOptions.Targets.BOTH));
        }
    }

    /** {@code --weights}: uniform or logprob. */
    static final class WeightsName extends Choice<ProbeOptions.Weighting> {
        private static final long serialVersionUID = 1L;

        WeightsName() {
            super(List.of("uniform", "logprob"), List.of(ProbeOptions.Weighting.UNIFORM, ProbeOptions.Weighting.PREFIX_PROBABILITY));
        }
    }

    /** {@code --dtype}: float32 or float64. */
    static final class DtypeName extends Choice<Npy.Dtype> {
        private static final long serialVersionUID = 1L;

        DtypeName() {
            super(List.of(Npy.Dtype.FLOAT32.label(), Npy.Dtype.FLOAT64.label()), List.of(Npy.Dtype.FLOAT32, Npy.Dtype.FLOAT64));
        }
    }

    /** {@code --colour}: next-symbol or probability. */
    static final class ColouringName extends Choice<Plots.Colouring> {
        private static final long serialVersionUID = 1L;

        ColouringName() {
            super(List.of("next-symbol", "probability"), List.of(Plots.Colouring.NEXT_SYMBOL, Plots.Colouring.PROBABILITY));
        }
    }

    /** A path the file system can name. */
    static final class AnyPath implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return path(value);
        }
    }

    /** {@code --plot}: a .png file in an existing directory. */
    static final class Picture implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path file = path(value).toAbsolutePath();
            if (!value.toLowerCase(Locale.ROOT).endsWith(".png")) {
                throw new TypeConversionException("must name a .png file");
            }
            if (!Files.isDirectory(file.getParent())) {
                throw new TypeConversionException("is in " + file.getParent() + ", which does not exist as a directory");
            }
            if (Files.isDirectory(file)) {
                throw new TypeConversionException("is a directory, not a file");
            }
            return file;
        }
    }

    static Path path(String value) {
        if (value.isEmpty()) {
            throw new TypeConversionException("is not a path: it is empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new TypeConversionException("is not a path: " + e.getReason());
        }
    }

    // ------------------------------------------------------------------------------------------ other values

    /** Numbers separated by spaces or commas, e.g. {@code --initial "1 0 0"}: every one finite. */
    static double[] numbers(String option, String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(refused(option, text, "holds no numbers"));
        }
        String[] parts = trimmed.split("[\\s,]+");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String entry = "entry " + i + " \"" + show(parts[i]) + "\"";
            try {
                v[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " \"" + show(text) + "\": " + entry + " is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(option + " \"" + show(text) + "\": " + entry + " is not finite");
            }
        }
        return v;
    }

    /** Factor indices separated by commas, e.g. {@code --freeze 0,2}: whole numbers ≥ 0, each once; returned increasing. */
    static int[] factors(String option, String text) {
        String[] items = text.split(",", -1);
        int[] factors = new int[items.length];
        for (int k = 0; k < items.length; k++) {
            String item = items[k].strip();
            if (!INTEGER.matcher(item).matches() || item.startsWith("-") || item.replaceFirst("^\\+?0*", "").length() > 9) {
                throw new IllegalArgumentException(refused(option, text, "holds \"" + show(item) + "\", which is not a factor index 0, 1, …"));
            }
            factors[k] = Integer.parseInt(item);
        }
        Arrays.sort(factors);
        for (int k = 1; k < factors.length; k++) {
            if (factors[k] == factors[k - 1]) {
                throw new IllegalArgumentException(refused(option, text, "gives factor " + factors[k] + " twice"));
            }
        }
        return factors;
    }

    /** The lines of a UTF-8 text file named by an option; a file that cannot be read is refused in one line. */
    static List<String> lines(String option, Path file) {
        try {
            return Files.readAllLines(file);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(refused(option, file.toString(), "is not UTF-8 text"));
        } catch (IOException e) {
            throw new IllegalArgumentException(refused(option, file.toString(), "cannot be read: " + OutputFiles.reason(e)));
        }
    }
}
