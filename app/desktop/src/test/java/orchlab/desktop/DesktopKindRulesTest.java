package orchlab.desktop;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import orchlab.testkit.KindRules;

/** The desktop asks the exercise's kind; only the sandbox service and the status bar deal with kinds of sandbox. */
@AnalyzeClasses(packages = "orchlab.desktop", importOptions = ImportOption.DoNotIncludeTests.class)
class DesktopKindRulesTest {

    @ArchTest
    static final ArchRule onlySandboxClassesNameASandboxKind = KindRules.onlySandboxClassesNameASandboxKind("orchlab.desktop..",
            Set.of("orchlab.desktop.sandbox..", "orchlab.desktop.status.."));

    @ArchTest
    static final ArchRule noConcreteExerciseKinds = KindRules.noConcreteExerciseKinds("orchlab.desktop..");
}
