package orchlab.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
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
    static final ArchRule checkKindsShareOnlyTheToolkit = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
            .that(partOfACheckKind())
            .should(new com.tngtech.archunit.lang.ArchCondition<JavaClass>("use no other check kind's classes") {
                @Override
                public void check(JavaClass item, com.tngtech.archunit.lang.ConditionEvents events) {
                    JavaClass own = outermost(item);
                    for (Dependency d : item.getDirectDependenciesFromSelf()) {
                        JavaClass target = outermost(d.getTargetClass());
                        if (!target.equals(own) && target.isAssignableTo(CheckKind.class) && !target.isInterface()) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(d, d.getDescription()));
                        }
                    }
                }
            })
            .because("what kinds share lives in the public toolkit (orchlab.engine.check.toolkit) or a helper of their"
                    + " family (docker.checks.ContainerState), so a kind can change or go without breaking another");

    @ArchTest
    static final ArchRule theToolkitServesKindsAndKnowsNone = noClasses()
            .that().resideInAPackage("orchlab.engine.check.toolkit..")
            .should().dependOnClassesThat().implement(CheckKind.class)
            .because("the toolkit is what every kind builds on; it depends on none of them");

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> partOfACheckKind() {
        return com.tngtech.archunit.base.DescribedPredicate.describe("are check kinds or nested in one",
                c -> outermost(c).isAssignableTo(CheckKind.class) && !outermost(c).isInterface());
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    @ArchTest
    static final ArchRule exerciseKindsOnlyDescribe = noClasses().that().implement(ExerciseKind.class)
            .should().dependOnClassesThat().resideInAnyPackage("orchlab.engine.sandbox..", "io.fabric8..", "com.github.dockerjava..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
            .because("an exercise kind says what an exercise needs and how the app names it; the driver of its sandbox acts");
}
