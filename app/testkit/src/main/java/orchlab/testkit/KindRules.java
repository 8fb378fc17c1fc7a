package orchlab.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * "Kinds are plug-ins, not switches" as architecture rules, shared by the desktop's and the CLI's tests. Class names
 * are given as text because the test kit does not depend on the engine.
 */
public final class KindRules {
    /** What a sandbox provides (Kubernetes API, Docker engine); not an exercise's kind. */
    public static final String SANDBOX_KIND = "orchlab.engine.course.SandboxKind";
    public static final String EXERCISE_KIND = "orchlab.engine.kind.ExerciseKind";
    public static final String BUILT_IN_KINDS = "orchlab.engine.kind.builtin..";

    private KindRules() {
    }

    /**
     * No class of {@code uiPackage} picks behaviour by naming a sandbox kind ({@code SandboxKind.DOCKER}, a
     * {@code switch} over it) — except the classes that open and show sandboxes, listed in {@code sandboxClasses}
     * (by fully qualified name, or package prefix ending in {@code ..}). Everything else asks the exercise's kind.
     */
    public static ArchRule onlySandboxClassesNameASandboxKind(String uiPackage, Set<String> sandboxClasses) {
        DescribedPredicate<JavaClass> sandboxClass = new DescribedPredicate<>("open or show sandboxes " + sandboxClasses) {
            @Override
            public boolean test(JavaClass c) {
                String name = c.getName();
                String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
                return sandboxClasses.stream().anyMatch(s -> s.endsWith("..")
                        ? c.getPackageName().startsWith(s.substring(0, s.length() - 2)) : s.equals(name) || s.equals(outer));
            }
        };
        DescribedPredicate<JavaAccess<?>> namesASandboxKind = new DescribedPredicate<>("name a constant of " + SANDBOX_KIND
                + " or switch over it") {
            @Override
            public boolean test(JavaAccess<?> access) {
                String owner = access.getTargetOwner().getName();
                String member = access.getTarget().getName();
                return owner.equals(SANDBOX_KIND) && !member.equals("id") && !member.equals("description")
                        || access.getTarget().getName().startsWith("$SwitchMap$orchlab$engine$course$SandboxKind");
            }
        };
        return noClasses().that().resideInAPackage(uiPackage).and(DescribedPredicate.not(sandboxClass))
                .should().accessTargetWhere(namesASandboxKind)
                .because("exercise kinds are plug-ins: the app and the CLI ask the exercise's kind (needs, steps, labels, "
                        + "reset sentence, where it runs) and never branch on which kind it is — adding a kind is one class");
    }

    /** No class of {@code uiPackage} depends on a concrete exercise kind or compares kind names. */
    public static ArchRule noConcreteExerciseKinds(String uiPackage) {
        return noClasses().that().resideInAPackage(uiPackage)
                .should().dependOnClassesThat().resideInAPackage(BUILT_IN_KINDS)
                .orShould().callMethod(EXERCISE_KIND, "name")
                .because("the app and the CLI ask an exercise's kind what to do; a kind's name is for exercise.yaml and messages "
                        + "the engine writes, never for a branch in the UI");
    }
}
