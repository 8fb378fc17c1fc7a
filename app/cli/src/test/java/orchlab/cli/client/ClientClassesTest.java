package orchlab.cli.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The thin client's jar holds only {@code orchlab.cli.client}: anything else it used would be missing at run time. */
class ClientClassesTest {

    @Test
    void theClientUsesOnlyTheJdk() throws Exception {
        // only this package's class files (scanning the class path for a package takes most of a minute)
        Path folder = Path.of(LabClient.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("orchlab/cli/client");
        JavaClasses client = new ClassFileImporter().importPath(folder);

        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "jdk.net..", "orchlab.cli.client..")
                .because("app/bin/lab starts the client from its own small jar (JDK classes only) to keep its start cheap")
                .check(client);
    }
}
