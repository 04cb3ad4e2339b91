package dev.ghmm.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.io.dataset.DatasetLayout;
import dev.ghmm.io.Npy;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The module boundaries, on every class of the library modules and the command line (production classes only):
 * <ul>
 * <li>No library module (core, factored, io, probe, testing: every class here outside {@code dev.ghmm.cli}) depends
 * on picocli or XChart: they are usable without them. ghmm-bench and the examples, which depend on ghmm-cli, may; this
 * test cannot see them. The parent pom's maven-enforcer rule checks the same of the library modules' dependencies.</li>
 * <li>ghmm-cli holds only commands and their output: the commands ({@link CommandBase} and its subclasses, the root
 * {@link Main}), their option values ({@link Options}) and what they print ({@link Output}, {@link ProgressLine},
 * {@link Plots}), with no exception: the dataset generator ({@code dev.ghmm.io.dataset}) and outputs written whole
 * ({@code dev.ghmm.io.output}) are library code.</li>
 * <li>The dataset format has one home: the format names and the numpy dtype strings occur in the code of
 * {@link DatasetLayout} and {@link Npy} (and their nested types) only, so no other class writes or reads a
 * {@code ghmm-dataset/1} directory, {@code ghmm-stream/1} batches or an {@code .npy} header by hand. Help texts
 * (annotation values) may name them. The class files are searched for the strings, since string constants are not
 * dependencies.</li>
 * <li>Process files have one home, {@code dev.ghmm.io.process}: only it spells the keys that only process files
 * have, and no other class that uses Jackson builds a process from matrices, factors or components.</li>
 * <li>A public record holding arrays is a value (docs/design.md, "Records and arrays"): it defines equals, hashCode
 * and toString itself, by content, so none of them is the record's generated one (which compares and prints arrays
 * by identity); a buffer is a class, not a record.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "dev.ghmm", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {
    /** Leaves out test jars on the class path (ghmm-io's, with the output protocol's fault seam): not a module's classes. */
    public static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    /** What only the format's home may spell. */
    static final List<String> VOCABULARY = List.of(DatasetLayout.FORMAT, DatasetLayout.STREAM_FORMAT, "<i4", "<f2", "<f4", "<f8");

    /** What the commands write. */
    static final List<Class<?>> OUTPUT = List.of(Output.class, ProgressLine.class, Plots.class);

    /** Keys that only process files have (ghmm's catalogue reference; simplexity's matrices, maps and factor types). */
    static final List<String> PROCESS_FILE_KEYS = List.of("catalogue", "transition_matrices", "initial_state", "control_maps", "vocab_maps",
            "component_type");

    static final DescribedPredicate<JavaClass> USE_JACKSON = new DescribedPredicate<>("use Jackson") {
        @Override
        public boolean test(JavaClass c) {
            return c.getDirectDependenciesFromSelf().stream().anyMatch(d -> d.getTargetClass().getPackageName().startsWith("com.fasterxml.jackson"));
        }
    };

    @ArchTest
    static final ArchRule noLibraryModuleDependsOnPicocliOrXChart = noClasses().that().resideOutsideOfPackage("dev.ghmm.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("picocli..", "org.knowm.xchart..");

    @ArchTest
    static final ArchRule theCommandLineHoldsOnlyCommandsAndTheirOutput = classes().that().resideInAPackage("dev.ghmm.cli").and().areTopLevelClasses()
            .and().doNotHaveSimpleName("package-info")
            .should().beAssignableTo(CommandBase.class).orShould().be(Main.class).orShould().be(Options.class)
            .orShould(beOneOf(OUTPUT, "output"));

    @ArchTest
    static final ArchRule processFilesAreReadAndWrittenInOnePlace = classes().that().resideOutsideOfPackage("dev.ghmm.io.process")
            .should(notSpell(PROCESS_FILE_KEYS, "ProcessFiles or SimplexityFiles"));

    @ArchTest
    static final ArchRule noOtherClassTurnsJsonIntoAProcess = noClasses().that().resideOutsideOfPackage("dev.ghmm.io.process")
            .and(USE_JACKSON)
            .should().dependOnClassesThat().belongToAnyOf(GhmmBuilder.class, FactoredProcess.Builder.class)
            .orShould().callMethod(DirectSum.class, "of", double[].class, List.class, Alphabet.class, int[][].class)
            .orShould().callMethod(DirectSum.class, "of", double[].class, Ghmm[].class);

    @ArchTest
    static final ArchRule theDatasetFormatIsReadAndWrittenInOnePlace = classes().that(new DescribedPredicate<JavaClass>("are outside DatasetLayout and Npy") {
        @Override
        public boolean test(JavaClass c) {
            return Stream.of(DatasetLayout.class, Npy.class).noneMatch(home -> c.getName().equals(home.getName()) || c.getName().startsWith(home.getName() + "$"));
        }
    }).should(notSpell(VOCABULARY, "DatasetLayout or Npy.Dtype"));

    @ArchTest
    static final ArchRule publicRecordsOverArraysCompareAndPrintByContent = classes().that().arePublic()
            .should(new ArchCondition<JavaClass>("define equals, hashCode and toString by content when a component holds an array") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    Class<?> type = c.reflect();
                    if (!type.isRecord()
                            || Arrays.stream(type.getRecordComponents()).noneMatch(r -> r.getGenericType().getTypeName().contains("[]"))) {
                        return;
                    }
                    // the generated equals, hashCode and toString call the bootstrap of java.lang.runtime.ObjectMethods
                    if (classFileText(c).contains("java/lang/runtime/ObjectMethods")) {
                        events.add(SimpleConditionEvent.violated(c, c.getName() + " holds an array and uses the generated equals, hashCode or "
                                + "toString, which compare and print arrays by identity"));
                    }
                }
            });

    /** The bytes of a class file as ISO-8859-1 text: its constant pool's strings are readable in it. */
    static String classFileText(JavaClass c) {
        try (InputStream in = c.getSource().orElseThrow().getUri().toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DescribedPredicate<JavaClass> named(List<Class<?>> types) {
        return new DescribedPredicate<>("one of " + types.stream().map(Class::getSimpleName).toList()) {
            @Override
            public boolean test(JavaClass c) {
                return types.stream().anyMatch(t -> c.isEquivalentTo(t));
            }
        };
    }

    static ArchCondition<JavaClass> beOneOf(List<Class<?>> types, String what) {
        DescribedPredicate<JavaClass> named = named(types);
        return new ArchCondition<>("be " + what + ", " + named.getDescription()) {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (!named.test(c)) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " is not " + what));
                }
            }
        };
    }

    static ArchCondition<JavaClass> notSpell(List<String> words, String home) {
        return new ArchCondition<>("not spell " + words + " outside annotations") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (c.getSource().isEmpty()) {
                    return;
                }
                String constants = classFileText(c);
                List<String> annotationText = annotationStrings(c);
                for (String word : words) {
                    if (constants.contains(word) && annotationText.stream().noneMatch(t -> t.contains(word))) {
                        events.add(SimpleConditionEvent.violated(c, c.getName() + " spells \"" + word + "\": use " + home));
                    }
                }
            }
        };
    }

    /** Every string in the annotations of the class and its members. */
    private static List<String> annotationStrings(JavaClass c) {
        List<String> text = new ArrayList<>();
        Stream.concat(c.getAnnotations().stream(), c.getMembers().stream().flatMap(m -> ((JavaMember) m).getAnnotations().stream()))
                .forEach(a -> addStrings((JavaAnnotation<?>) a, text));
        return text;
    }

    private static void addStrings(JavaAnnotation<?> a, List<String> text) {
        for (Object value : a.getProperties().values()) {
            if (value instanceof String s) {
                text.add(s);
            } else if (value instanceof String[] all) {
                text.addAll(Arrays.asList(all));
            }
        }
    }
}
