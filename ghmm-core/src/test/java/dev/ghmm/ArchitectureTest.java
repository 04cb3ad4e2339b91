package dev.ghmm;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of ghmm form layers without cycles: {@code partition} (pure index sets) at the bottom, {@code operator}
 * on it and the root helpers ({@link Checks}, {@link Vectors}), then {@code process}, then {@code sampling} and
 * {@code measure}. Production classes only; a Javadoc link is no dependency.
 */
@AnalyzeClasses(packages = "dev.ghmm", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.ghmm.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule partitionDependsOnNothingElseInGhmm = noClasses().that().resideInAPackage("dev.ghmm.partition..")
            .should().dependOnClassesThat(resideInAPackage("dev.ghmm..").and(resideOutsideOfPackages("dev.ghmm.partition..")));

    @ArchTest
    static final ArchRule operatorDependsOnlyOnPartitionAndTheRootHelpers = noClasses().that().resideInAPackage("dev.ghmm.operator..")
            .should().dependOnClassesThat(resideInAPackage("dev.ghmm..")
                    .and(resideOutsideOfPackages("dev.ghmm", "dev.ghmm.operator..", "dev.ghmm.partition..")));
}
