package orchlab.sim.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Networking;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {

    /** What kubectl v1.32.4 sends for {@code kubectl create namespace foo} (captured with {@code -v=9}). */
    private static final String KUBECTL_CREATE_NAMESPACE_FOO = "6b3873000a0f0a0276311209"
            + "4e616d657370616365121b0a130a03666f6f12001a0022002a003200380042001200"
            + "1a020a001a002200";

    private static byte[] wire(String apiVersion, String kind, Message object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x6b, 0x38, 0x73, 0x00});
        out.writeBytes(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString()).build().toByteArray());
        return out.toByteArray();
    }

    private static ObjectNode json(byte[] body) {
        return Json.parseObject(ProtobufBodies.toJson(body));
    }

    private static Meta.ObjectMeta.Builder meta(String name) {
        return Meta.ObjectMeta.newBuilder().setName(name);
    }

    @Test
    void readsTheNamespaceKubectlCreateSendsWithoutItsEmptyFields() {
        ObjectNode json = json(HexFormat.of().parseHex(KUBECTL_CREATE_NAMESPACE_FOO));

        assertThat(json).isEqualTo(Json.parseObject("""
                {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"foo"},"spec":{},"status":{}}"""));
    }

    @Test
    void keepsAnExplicitZeroInAPointerFieldButDropsZerosOfValueFields() {
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder().setMetadata(meta("web").setGeneration(0))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setMinReadySeconds(0)
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(0).setIntVal(0)))))
                .build();

        ObjectNode json = json(wire("apps/v1", "Deployment", deployment));

        assertThat(json.at("/spec/replicas").isInt()).isTrue();
        assertThat(json.at("/spec/replicas").asInt()).isZero();
        assertThat(json.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1)).isZero();
        assertThat(json.at("/spec").has("minReadySeconds")).isFalse();
        assertThat(json.at("/metadata").has("generation")).isFalse();
    }

    @Test
    void writesQuantitiesIntOrStringsAndTimesTheWayGoMarshalsThem() {
        V1.Pod pod = V1.Pod.newBuilder()
                .setMetadata(meta("p").setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1735725600L)))
                .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder().setName("app").setImage("nginx:1.25")
                        .setResources(V1.ResourceRequirements.newBuilder()
                                .putLimits("memory", Resource.Quantity.newBuilder().setString("128Mi").build()))
                        .setReadinessProbe(V1.Probe.newBuilder().setInitialDelaySeconds(5)
                                .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder()
                                        .setPath("/").setPort(IntStr.IntOrString.newBuilder().setType(1).setStrVal("http")))))))
                .build();

        ObjectNode json = json(wire("v1", "Pod", pod));

        assertThat(json.at("/metadata/creationTimestamp").asText()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(json.at("/spec/containers/0/resources/limits/memory").asText()).isEqualTo("128Mi");
        assertThat(json.at("/spec/containers/0/readinessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(json.at("/spec/containers/0/readinessProbe/initialDelaySeconds").asInt()).isEqualTo(5);
    }

    @Test
    void mergesEmbeddedStructsIntoTheirParentLikeGoInlineFields() {
        V1.Pod pod = V1.Pod.newBuilder().setMetadata(meta("p")).setSpec(V1.PodSpec.newBuilder()
                .addVolumes(V1.Volume.newBuilder().setName("cfg").setVolumeSource(V1.VolumeSource.newBuilder()
                        .setConfigMap(V1.ConfigMapVolumeSource.newBuilder().setLocalObjectReference(
                                V1.LocalObjectReference.newBuilder().setName("settings")))))).build();
        V1Networking.Ingress ingress = V1Networking.Ingress.newBuilder().setMetadata(meta("i"))
                .setSpec(V1Networking.IngressSpec.newBuilder().addRules(V1Networking.IngressRule.newBuilder().setHost("a.com")
                        .setIngressRuleValue(V1Networking.IngressRuleValue.newBuilder()
                                .setHttp(V1Networking.HTTPIngressRuleValue.newBuilder())))).build();

        assertThat(json(wire("v1", "Pod", pod)).at("/spec/volumes/0")).isEqualTo(Json.parseObject(
                "{\"name\":\"cfg\",\"configMap\":{\"name\":\"settings\"}}"));
        assertThat(json(wire("networking.k8s.io/v1", "Ingress", ingress)).at("/spec/rules/0"))
                .isEqualTo(Json.parseObject("{\"host\":\"a.com\",\"http\":{}}"));
    }

    @Test
    void writesSecretDataAsBase64() {
        V1.Secret secret = V1.Secret.newBuilder().setMetadata(meta("s")).setType("Opaque")
                .putData("password", ByteString.copyFromUtf8("s3cret")).build();

        ObjectNode json = json(wire("v1", "Secret", secret));

        assertThat(json.at("/data/password").asText()).isEqualTo("czNjcmV0");
        assertThat(json.at("/type").asText()).isEqualTo("Opaque");
    }

    @Test
    void readsDeleteOptionsWhateverApiVersionTheClientNames() {
        Meta.DeleteOptions options = Meta.DeleteOptions.newBuilder().setGracePeriodSeconds(0).setPropagationPolicy("Foreground").build();

        ObjectNode json = json(wire("v1", "DeleteOptions", options));

        assertThat(json.at("/gracePeriodSeconds").isNumber()).isTrue();
        assertThat(json.at("/propagationPolicy").asText()).isEqualTo("Foreground");
    }

    @Test
    void refusesAKindItHasNoSchemaForWithAClearStatus() {
        assertThatThrownBy(() -> ProtobufBodies.toJson(wire("example.com/v1", "Widget", V1.Namespace.getDefaultInstance())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415))
                .hasMessageContaining("cannot read Widget (example.com/v1) sent as protobuf")
                .hasMessageContaining("kubectl apply -f");
    }

    @Test
    void refusesAFieldItsSchemasDoNotKnowRatherThanDroppingIt() {
        V1.Namespace withNewField = V1.Namespace.newBuilder().setMetadata(meta("n")).setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build();

        assertThatThrownBy(() -> ProtobufBodies.toJson(wire("v1", "Namespace", withNewField)))
                .isInstanceOf(ApiException.class).hasMessageContaining("field number 99 of Namespace");
    }

    @Test
    void refusesABodyWithoutTheKubernetesPrefix() {
        assertThatThrownBy(() -> ProtobufBodies.toJson("{\"kind\":\"Namespace\"}".getBytes()))
                .isInstanceOf(ApiException.class).hasMessageContaining("does not start with the Kubernetes protobuf prefix");
    }

    @Test
    void mergesTheEmbeddedProbeHandlerAndKeySelectorReference() {
        V1.Pod pod = V1.Pod.newBuilder().setMetadata(meta("p")).setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container
                .newBuilder().setName("app").setImage("nginx:1.25")
                .addEnv(V1.EnvVar.newBuilder().setName("PW").setValueFrom(V1.EnvVarSource.newBuilder().setSecretKeyRef(
                        V1.SecretKeySelector.newBuilder().setKey("pw").setLocalObjectReference(
                                V1.LocalObjectReference.newBuilder().setName("db")))))
                .setLivenessProbe(V1.Probe.newBuilder().setHandler(V1.ProbeHandler.newBuilder()
                        .setExec(V1.ExecAction.newBuilder().addCommand("true")))))).build();

        ObjectNode container = (ObjectNode) json(wire("v1", "Pod", pod)).at("/spec/containers/0");

        assertThat(container.at("/env/0/valueFrom/secretKeyRef")).isEqualTo(Json.parseObject("{\"key\":\"pw\",\"name\":\"db\"}"));
        assertThat(container.at("/livenessProbe")).isEqualTo(Json.parseObject("{\"exec\":{\"command\":[\"true\"]}}"));
    }

    @Test
    void formatsDurationsLikeGo() {
        assertThat(ProtobufBodies.goDuration(0)).isEqualTo("0s");
        assertThat(ProtobufBodies.goDuration(1_500_000_000L)).isEqualTo("1.5s");
        assertThat(ProtobufBodies.goDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(ProtobufBodies.goDuration(90_000_000_000L)).isEqualTo("1m30s");
        assertThat(ProtobufBodies.goDuration(300_000_000L)).isEqualTo("300ms");
    }
}
