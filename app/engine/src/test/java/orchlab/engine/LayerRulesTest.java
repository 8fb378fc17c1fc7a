package orchlab.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine's layer rules (see shared conventions): it serves the CLI and the desktop app alike. */
@AnalyzeClasses(packages = "orchlab.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class LayerRulesTest {

    @ArchTest
    static final ArchRule engineDoesNotUseJavaFx = noClasses().that().resideInAPackage("orchlab.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.fxmisc..", "atlantafx..")
            .because("the engine runs headless in the CLI, in CI graders and in tests; the UI belongs to orchlab.desktop");

    @ArchTest
    static final ArchRule engineDoesNotKnowTheUiOrTheCli = noClasses().that().resideInAPackage("orchlab.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("orchlab.desktop..", "orchlab.cli..", "picocli..")
            .because("arrows point at the engine: desktop → engine ← cli");

    @ArchTest
    static final ArchRule engineReachesTheSimOnlyThroughTheSandboxSpi = noClasses().that().resideInAPackage("orchlab.engine..")
            .should().dependOnClassesThat().resideInAPackage("orchlab.sim..")
            .because("the simulated cluster is one sandbox provider among others, found through ServiceLoader");

    @ArchTest
    static final ArchRule checksDoNotRunProcesses = noClasses().that().resideInAPackage("orchlab.engine.check..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
            .because("packs are untrusted input: a check never runs a shell command");
}
