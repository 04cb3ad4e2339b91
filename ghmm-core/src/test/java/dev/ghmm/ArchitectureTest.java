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
 * The packages of ghmm form layers without cycles: the root helpers ({@link Vectors}, {@link MixedRadix}, {@link Entropy},
 * {@link Tolerances}, {@link Seeds}) and the internal argument checks ({@code dev.ghmm.internal}) at the bottom, then {@code partition} (pure index sets), {@code operator},
 * {@code belief}, {@code process}, then {@code sampling} and {@code measure}. Production classes only; a Javadoc link is
 * no dependency.
 */
@AnalyzeClasses(packages = "dev.ghmm", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.ghmm.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theRootHelpersDependOnNothingElseInGhmm = noClasses().that().resideInAnyPackage("dev.ghmm", "dev.ghmm.internal")
            .should().dependOnClassesThat(resideInAPackage("dev.ghmm..").and(resideOutsideOfPackages("dev.ghmm", "dev.ghmm.internal")));

    @ArchTest
    static final ArchRule partitionDependsOnlyOnTheRootHelpers = noClasses().that().resideInAPackage("dev.ghmm.partition..")
            .should().dependOnClassesThat(resideInAPackage("dev.ghmm..").and(resideOutsideOfPackages("dev.ghmm", "dev.ghmm.internal", "dev.ghmm.partition..")));

    @ArchTest
    static final ArchRule operatorDependsOnlyOnPartitionAndTheRootHelpers = noClasses().that().resideInAPackage("dev.ghmm.operator..")
            .should().dependOnClassesThat(resideInAPackage("dev.ghmm..")
                    .and(resideOutsideOfPackages("dev.ghmm", "dev.ghmm.internal", "dev.ghmm.operator..", "dev.ghmm.partition..")));

    @ArchTest
    static final ArchRule beliefSitsBelowProcesses = noClasses().that().resideInAPackage("dev.ghmm.belief..")
            .should().dependOnClassesThat(resideInAPackage("dev.ghmm..")
                    .and(resideOutsideOfPackages("dev.ghmm", "dev.ghmm.internal", "dev.ghmm.belief..", "dev.ghmm.operator..", "dev.ghmm.partition..")));
}
