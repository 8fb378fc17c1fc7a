package orchlab.desktop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The desktop's layer rules (see shared conventions and ADR 1). */
@AnalyzeClasses(packages = "orchlab.desktop", importOptions = ImportOption.DoNotIncludeTests.class)
class DesktopLayerRulesTest {

    @ArchTest
    static final ArchRule desktopSeesOnlyEngineRecords = noClasses().that().resideInAPackage("orchlab.desktop..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "com.github.dockerjava..", "org.testcontainers..")
            .because("the desktop talks to clusters and Docker only through the engine, so the CLI and the app judge alike");

    @ArchTest
    static final ArchRule desktopDoesNotImportTheSimOrTheCli = noClasses().that().resideInAPackage("orchlab.desktop..")
            .should().dependOnClassesThat().resideInAnyPackage("orchlab.sim..", "orchlab.cli..")
            .because("the simulated cluster is a sandbox provider found through ServiceLoader, and the CLI is a sibling");

    @ArchTest
    static final ArchRule viewModelsDoNotTouchTheSceneGraph = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "org.fxmisc..", "atlantafx..")
            .because("view models are unit-tested without a toolkit: they expose javafx.beans properties and collections only");

    @ArchTest
    static final ArchRule viewModelsDoNotBlockOnThePlatformThread = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().haveFullyQualifiedName("javafx.application.Platform")
            .because("view models receive an Executor for the FX thread, so tests run them synchronously");
}
