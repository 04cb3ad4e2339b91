package dev.ghmm.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.ghmm.io.DatasetLayout;
import dev.ghmm.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The dataset format has one home: the format names and the numpy dtype strings occur in the code of
 * {@link DatasetLayout} and {@link Npy} (and their nested types) only, so no other class of the command line, the
 * probes, the library or the factored processes writes or reads a {@code ghmm-dataset/1} directory,
 * {@code ghmm-stream/1} batches or an {@code .npy} header by hand. Help texts (annotation values) may name them.
 * The class files are searched for the strings, since string constants are not dependencies.
 */
@AnalyzeClasses(packages = "dev.ghmm", importOptions = ImportOption.DoNotIncludeTests.class)
class FormatArchitectureTest {
    /** What only the format's home may spell. */
    static final List<String> VOCABULARY = List.of(DatasetLayout.FORMAT, DatasetLayout.STREAM_FORMAT, "<i4", "<f2", "<f4", "<f8");

    @ArchTest
    static final ArchRule theDatasetFormatIsReadAndWrittenInOnePlace = classes().that(new DescribedPredicate<JavaClass>("are outside DatasetLayout and Npy") {
        @Override
        public boolean test(JavaClass c) {
            return Stream.of(DatasetLayout.class, Npy.class).noneMatch(home -> c.getName().equals(home.getName()) || c.getName().startsWith(home.getName() + "$"));
        }
    }).should(notSpell(VOCABULARY));

    static ArchCondition<JavaClass> notSpell(List<String> words) {
        return new ArchCondition<>("not spell " + words + " outside annotations") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (c.getSource().isEmpty()) {
                    return;
                }
                byte[] bytes;
                try (InputStream in = c.getSource().get().getUri().toURL().openStream()) {
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String constants = new String(bytes, StandardCharsets.ISO_8859_1);
                List<String> annotationText = annotationStrings(c);
                for (String word : words) {
                    if (constants.contains(word) && annotationText.stream().noneMatch(t -> t.contains(word))) {
                        events.add(SimpleConditionEvent.violated(c, c.getName() + " spells \"" + word + "\": use DatasetLayout or Npy.Dtype"));
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
