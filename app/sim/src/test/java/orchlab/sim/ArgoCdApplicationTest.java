package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.argocd.ApplicationController;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulated Argo CD application controller: desired state read from the committed tree of a Git repository,
 * compared with the live objects, synced automatically (prune, selfHeal) or by an {@code operation}, with the status,
 * conditions and health Argo CD writes — on the sim's manual clock.
 */
class ArgoCdApplicationTest extends ManualSimTestBase {

    private static final String REPO = "file:///orchlab/repos/capstone-gitops";
    private static final String APPS = "/apis/argoproj.io/v1alpha1/namespaces/default/applications";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

    @TempDir
    Path folder;
    private Git git;

    @BeforeEach
    void repository() throws GitAPIException {
        git = Git.init().setDirectory(folder.toFile()).setInitialBranch("main").call();
        cluster.gitRepositories().serve(REPO, folder);
    }

    @AfterEach
    void closeRepository() {
        git.close();
    }

    private void write(String file, String text) throws IOException {
        Path path = folder.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    private String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent me = new PersonIdent("Learner", "learner@example.com");
        return git.commit().setMessage(message).setAuthor(me).setCommitter(me).call().name();
    }

    private static String web(int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.27
                        ports: [{containerPort: 80}]
                """.formatted(replicas);
    }

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 80}]
            """;

    private String committedWebApp() throws Exception {
        write("apps/web/deployment.yaml", web(2));
        write("apps/web/service.yaml", SERVICE);
        return commit("web app");
    }

    private void application(String source, String syncPolicy, String destinationNamespace) {
        ApiResponse created = apply(cluster, APPS, """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec:
                  project: default
                  source: %s
                  destination: {server: "https://kubernetes.default.svc", namespace: %s}
                  %s
                """.formatted(source, destinationNamespace, syncPolicy));
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        cluster.reconcile();
    }

    private void automatedApplication(String automated) {
        application("{repoURL: \"" + REPO + "\", path: apps/web, targetRevision: HEAD}",
                "syncPolicy: {automated: " + automated + "}", "default");
    }

    private ObjectNode app() {
        return get(APPS + "/web");
    }

    private JsonNode status() {
        return app().path("status");
    }

    private ApiResponse deploymentResponse() {
        return send(cluster, "GET", DEPLOYMENTS + "/web", "application/json", "");
    }

    private void refresh() {
        send(cluster, "PATCH", APPS + "/web", "application/merge-patch+json",
                "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/refresh\":\"normal\"}}}");
        cluster.reconcile();
    }

    @Test
    void automatedSyncCreatesTheCommittedObjectsAndReportsSyncedAndHealthyAtTheHeadCommit() throws Exception {
        String head = committedWebApp();
        automatedApplication("{prune: true, selfHeal: true}");

        ObjectNode deployment = json(deploymentResponse());
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(deployment.path("metadata").path("annotations").path("argocd.argoproj.io/tracking-id").asText())
                .isEqualTo("default_web:apps/Deployment:default/web");
        assertThat(get("/api/v1/namespaces/default/services/web").path("spec").path("selector").path("app").asText()).isEqualTo("web");
        JsonNode status = status();
        assertThat(status.path("sync").path("status").asText()).isEqualTo("Synced");
        assertThat(status.path("sync").path("revision").asText()).isEqualTo(head);
        assertThat(status.path("health").path("status").asText()).isEqualTo("Healthy");
        assertThat(status.path("operationState").path("phase").asText()).isEqualTo("Succeeded");
        assertThat(status.path("operationState").path("message").asText()).isEqualTo("successfully synced (all tasks run)");
        assertThat(status.path("operationState").path("operation").path("initiatedBy").path("automated").asBoolean()).isTrue();
        assertThat(status.path("resources").findValuesAsText("kind")).containsExactly("Service", "Deployment");
        assertThat(status.path("history").get(0).path("revision").asText()).isEqualTo(head);
    }

    @Test
    void aChangeSavedButNotCommittedIsNeverDeployed() throws Exception {
        String head = committedWebApp();
        automatedApplication("{prune: true, selfHeal: true}");
        write("apps/web/deployment.yaml", web(5)); // saved in the work tree, not committed

        refresh();
        clock.advance(ApplicationController.RECONCILIATION);
        cluster.reconcile();

        assertThat(json(deploymentResponse()).path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(status().path("sync").path("status").asText()).isEqualTo("Synced");
        assertThat(status().path("sync").path("revision").asText()).isEqualTo(head);
    }

    @Test
    void aNewCommitIsDeployedAtTheNextPollOfGitOrAtOnceOnARefresh() throws Exception {
        committedWebApp();
        automatedApplication("{prune: true, selfHeal: true}");
        write("apps/web/deployment.yaml", web(3));
        String second = commit("three replicas");
        cluster.reconcile();
        assertThat(json(deploymentResponse()).path("spec").path("replicas").asInt()).as("Git is not polled yet").isEqualTo(2);

        clock.advance(ApplicationController.RECONCILIATION);
        cluster.reconcile();

        assertThat(json(deploymentResponse()).path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(status().path("sync").path("revision").asText()).isEqualTo(second);

        write("apps/web/deployment.yaml", web(4));
        String third = commit("four replicas");
        refresh();
        assertThat(json(deploymentResponse()).path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(status().path("sync").path("revision").asText()).isEqualTo(third);
        assertThat(app().path("metadata").path("annotations").has("argocd.argoproj.io/refresh")).isFalse();
    }

    @Test
    void withPruneAnObjectWhoseFileLeftGitIsDeleted() throws Exception {
        committedWebApp();
        automatedApplication("{prune: true}");
        Files.delete(folder.resolve("apps/web/service.yaml"));
        commit("no service");
        refresh();

        assertThat(send(cluster, "GET", "/api/v1/namespaces/default/services/web", "application/json", "").code()).isEqualTo(404);
        assertThat(status().path("sync").path("status").asText()).isEqualTo("Synced");
    }

    @Test
    void withoutPruneAnObjectWhoseFileLeftGitStaysAndTheApplicationIsOutOfSync() throws Exception {
        committedWebApp();
        automatedApplication("{prune: false}");
        Files.delete(folder.resolve("apps/web/service.yaml"));
        commit("no service");
        refresh();

        assertThat(send(cluster, "GET", "/api/v1/namespaces/default/services/web", "application/json", "").code()).isEqualTo(200);
        assertThat(status().path("sync").path("status").asText()).isEqualTo("OutOfSync");
        JsonNode service = status().path("resources").get(0);
        assertThat(service.path("kind").asText()).isEqualTo("Service");
        assertThat(service.path("requiresPruning").asBoolean()).isTrue();
    }

    private void scaleByHand(int replicas) {
        ApiResponse patched = send(cluster, "PATCH", DEPLOYMENTS + "/web", "application/merge-patch+json",
                "{\"spec\":{\"replicas\":" + replicas + "}}");
        assertThat(patched.code()).as(patched.bodyText()).isEqualTo(200);
        cluster.reconcile();
    }

    @Test
    void selfHealPutsAChangeMadeByHandBackAtOnceAndAgainAfterItsBackOff() throws Exception {
        committedWebApp();
        automatedApplication("{prune: true, selfHeal: true}");
        scaleByHand(5);
        assertThat(json(deploymentResponse()).path("spec").path("replicas").asInt()).as("the first self-heal").isEqualTo(2);
        assertThat(status().path("operationState").path("operation").path("sync").path("autoHealAttemptsCount").asInt()).isEqualTo(1);

        scaleByHand(6); // again at once: the second self-heal waits 2 s after the first
        assertThat(status().path("sync").path("status").asText()).isEqualTo("OutOfSync");
        clock.advance(Duration.ofSeconds(2));
        cluster.reconcile();

        assertThat(json(deploymentResponse()).path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(status().path("sync").path("status").asText()).isEqualTo("Synced");
    }

    @Test
    void withoutSelfHealAChangeMadeByHandStaysAndTheApplicationIsOutOfSync() throws Exception {
        committedWebApp();
        automatedApplication("{prune: true}");
        scaleByHand(5);
        clock.advance(Duration.ofMinutes(10));
        cluster.reconcile();

        assertThat(json(deploymentResponse()).path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(status().path("sync").path("status").asText()).isEqualTo("OutOfSync");
    }

    @Test
    void withoutAutomatedSyncNothingIsAppliedUntilASyncOperationIsWritten() throws Exception {
        String head = committedWebApp();
        application("{repoURL: \"" + REPO + "\", path: apps/web}", "", "default");
        assertThat(deploymentResponse().code()).isEqualTo(404);
        assertThat(status().path("sync").path("status").asText()).isEqualTo("OutOfSync");
        assertThat(status().path("health").path("status").asText()).isEqualTo("Missing");

        // what `argocd app sync web` does; `kubectl patch application web --type merge -p '{"operation":{"sync":{}}}'`
        send(cluster, "PATCH", APPS + "/web", "application/merge-patch+json", "{\"operation\":{\"sync\":{}}}");
        cluster.reconcile();

        assertThat(deploymentResponse().code()).isEqualTo(200);
        assertThat(app().has("operation")).isFalse();
        assertThat(status().path("operationState").path("phase").asText()).isEqualTo("Succeeded");
        assertThat(status().path("operationState").path("syncResult").path("revision").asText()).isEqualTo(head);
        assertThat(status().path("sync").path("status").asText()).isEqualTo("Synced");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a branch that does not exist | {repoURL: "file:///orchlab/repos/capstone-gitops", path: apps/web, targetRevision: nope} | unable to resolve 'nope' to a commit SHA
            a path that does not exist   | {repoURL: "file:///orchlab/repos/capstone-gitops", path: apps/api}                        | apps/api: app path does not exist
            a repository the lab does not serve | {repoURL: "https://github.com/example/none.git", path: apps/web}                 | repository not found
            """)
    void aSourceThatCannotBeReadIsAComparisonErrorAndNothingIsApplied(String what, String source, String message) throws Exception {
        committedWebApp();
        application(source, "syncPolicy: {automated: {prune: true, selfHeal: true}}", "default");

        assertThat(deploymentResponse().code()).isEqualTo(404);
        JsonNode status = status();
        assertThat(status.path("sync").path("status").asText()).isEqualTo("Unknown");
        assertThat(status.path("conditions").get(0).path("type").asText()).isEqualTo("ComparisonError");
        assertThat(status.path("conditions").get(0).path("message").asText())
                .startsWith("Failed to load target state: failed to generate manifest for source 1 of 1: ")
                .endsWith(message);
    }

    @Test
    void aDestinationNamespaceOutsideTheApplicationsOwnIsRefusedWithAnInvalidSpecError() throws Exception {
        committedWebApp();
        application("{repoURL: \"" + REPO + "\", path: apps/web}", "syncPolicy: {automated: {prune: true}}", "kube-system");

        assertThat(send(cluster, "GET", "/apis/apps/v1/namespaces/kube-system/deployments/web", "application/json", "").code())
                .isEqualTo(404);
        JsonNode status = status();
        assertThat(status.path("sync").path("status").asText()).isEqualTo("Unknown");
        assertThat(status.path("conditions").get(0).path("type").asText()).isEqualTo("InvalidSpecError");
        assertThat(status.path("conditions").get(0).path("message").asText()).startsWith(
                "application destination server 'https://kubernetes.default.svc' and namespace 'kube-system' do not match"
                        + " any of the allowed destinations in project 'default'");
    }

    @ParameterizedTest(name = "targetRevision {0}, path {1}, recurse {2}")
    @CsvSource(delimiter = '|', textBlock = """
            HEAD | apps/web   | false
            main | apps/web/  | false
            ''   | ./apps/web | false
            main | apps       | true
            """)
    void equivalentSourcesDeployTheSameCommit(String revision, String path, boolean recurse) throws Exception {
        String head = committedWebApp();
        application("{repoURL: \"" + REPO + ".git\", path: \"" + path + "\", targetRevision: \"" + revision
                + "\", directory: {recurse: " + recurse + "}}", "syncPolicy: {automated: {prune: true}}", "default");

        assertThat(deploymentResponse().code()).isEqualTo(200);
        assertThat(status().path("sync").path("status").asText()).isEqualTo("Synced");
        assertThat(status().path("sync").path("revision").asText()).isEqualTo(head);
    }

    @Test
    void withoutRecurseTheFilesOfSubFoldersAreNotRead() throws Exception {
        committedWebApp();
        application("{repoURL: \"" + REPO + "\", path: apps}", "syncPolicy: {automated: {prune: true}}", "default");

        assertThat(deploymentResponse().code()).isEqualTo(404);
        assertThat(status().path("sync").path("status").asText()).isEqualTo("Synced");
        assertThat(status().path("resources").isEmpty()).isTrue();
    }

    @Test
    void aDeploymentWhosePodsCannotStartMakesTheApplicationProgressingNotHealthy() throws Exception {
        write("apps/web/deployment.yaml", web(1).replace("nginx:1.27", "nginx:no-such-tag"));
        commit("bad tag");
        automatedApplication("{prune: true}");

        assertThat(status().path("sync").path("status").asText()).isEqualTo("Synced");
        assertThat(status().path("health").path("status").asText()).isEqualTo("Progressing");
    }

    @Test
    void kubectlShowsArgoCdsSyncAndHealthColumns() {
        JsonNode crd = get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/applications.argoproj.io");
        assertThat(crd.path("spec").path("versions").get(0).path("additionalPrinterColumns").findValuesAsText("name"))
                .containsExactly("Sync Status", "Health Status", "Revision", "Project");
        assertThat(get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/appprojects.argoproj.io").path("spec")
                .path("names").path("kind").asText()).isEqualTo("AppProject");
    }
}
