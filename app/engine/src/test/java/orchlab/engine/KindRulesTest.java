package orchlab.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.kind.ExerciseKind;

/** Check kinds and exercise kinds, in whatever package they live, stay declarative. */
@AnalyzeClasses(packages = "orchlab", importOptions = ImportOption.DoNotIncludeTests.class)
class KindRulesTest {

    @ArchTest
    static final ArchRule checkKindsDoNotStartProcesses = noClasses()
            .that().implement(CheckKind.class).or().implement(PreparedCheck.class)
            .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
            .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                            com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo(Runtime.class))))
            .because("packs are untrusted input: a check of any kind, built in or plugged in, reads state and never runs a command");

    @ArchTest
    static final ArchRule exerciseKindsOnlyDescribe = noClasses().that().implement(ExerciseKind.class)
            .should().dependOnClassesThat().resideInAnyPackage("orchlab.engine.sandbox..", "io.fabric8..", "com.github.dockerjava..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
            .because("an exercise kind says what an exercise needs and how the app names it; the driver of its sandbox acts");
}
