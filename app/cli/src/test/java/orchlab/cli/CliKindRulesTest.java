package orchlab.cli;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import orchlab.testkit.KindRules;

/**
 * The CLI asks the exercise's kind; only the classes that open sandboxes from command-line options (the sandbox
 * options, and {@code course test}, which opens one sandbox of each kind the course needs) name a kind of sandbox.
 */
@AnalyzeClasses(packages = "orchlab.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class CliKindRulesTest {

    @ArchTest
    static final ArchRule onlySandboxClassesNameASandboxKind = KindRules.onlySandboxClassesNameASandboxKind("orchlab.cli..",
            Set.of("orchlab.cli.SandboxArgs", "orchlab.cli.SandboxCommand", "orchlab.cli.CourseCommand"));

    @ArchTest
    static final ArchRule noConcreteExerciseKinds = KindRules.noConcreteExerciseKinds("orchlab.cli..");
}
