package orchlab.engine.istio;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.v1.JsonSchema;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code app/engine/src/main/resources/orchlab/engine/istio/istio-crds.yaml}: the Istio CRDs the lab
 * registers on clusters without Istio. Every schema comes from fabric8's CRD generator run over fabric8's typed
 * Istio model ({@code io.fabric8:istio-model}); this class only merges the versions Istio serves into one CRD per
 * kind (the first listed is the storage version) and adds Istio's short names and categories.
 *
 * <p>Regenerate (from the repository root), then commit the YAML and its precomputed JSON form ({@code istio-crds.json},
 * what the lab reads at run time):
 * <pre>
 * mvn -B -q -o -pl app/engine -am test -Dtest=IstioCrdsTest -Dsurefire.failIfNoSpecifiedTests=false -Dorchlab.istio.regenerate=true
 * </pre>
 * {@code IstioCrdsTest} fails when the committed YAML differs from what this generator produces, or the JSON from the YAML.
 */
public final class IstioCrdGenerator {

    /** Kind, short names, then the model classes of each served version (storage version first). */
    private record Kind(List<String> shortNames, List<Class<? extends HasMetadata>> versions) {
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        // Istio 1.24 still serves networking.istio.io/v1alpha3 (the version most older docs and charts use).
        KINDS.put("VirtualService", new Kind(List.of("vs"), List.of(
                io.fabric8.istio.api.networking.v1.VirtualService.class,
                io.fabric8.istio.api.networking.v1beta1.VirtualService.class,
                io.fabric8.istio.api.networking.v1alpha3.VirtualService.class)));
        KINDS.put("DestinationRule", new Kind(List.of("dr"), List.of(
                io.fabric8.istio.api.networking.v1.DestinationRule.class,
                io.fabric8.istio.api.networking.v1beta1.DestinationRule.class,
                io.fabric8.istio.api.networking.v1alpha3.DestinationRule.class)));
        KINDS.put("Gateway", new Kind(List.of("gw"), List.of(
                io.fabric8.istio.api.networking.v1.Gateway.class,
                io.fabric8.istio.api.networking.v1beta1.Gateway.class,
                io.fabric8.istio.api.networking.v1alpha3.Gateway.class)));
        KINDS.put("ServiceEntry", new Kind(List.of("se"), List.of(
                io.fabric8.istio.api.networking.v1.ServiceEntry.class,
                io.fabric8.istio.api.networking.v1beta1.ServiceEntry.class,
                io.fabric8.istio.api.networking.v1alpha3.ServiceEntry.class)));
        KINDS.put("Sidecar", new Kind(List.of(), List.of(
                io.fabric8.istio.api.networking.v1.Sidecar.class,
                io.fabric8.istio.api.networking.v1beta1.Sidecar.class,
                io.fabric8.istio.api.networking.v1alpha3.Sidecar.class)));
        KINDS.put("PeerAuthentication", new Kind(List.of("pa"), List.of(
                io.fabric8.istio.api.security.v1.PeerAuthentication.class,
                io.fabric8.istio.api.security.v1beta1.PeerAuthentication.class)));
        KINDS.put("AuthorizationPolicy", new Kind(List.of("ap"), List.of(
                io.fabric8.istio.api.security.v1.AuthorizationPolicy.class,
                io.fabric8.istio.api.security.v1beta1.AuthorizationPolicy.class)));
        KINDS.put("RequestAuthentication", new Kind(List.of("ra"), List.of(
                io.fabric8.istio.api.security.v1.RequestAuthentication.class,
                io.fabric8.istio.api.security.v1beta1.RequestAuthentication.class)));
        // Istio 1.24 serves Telemetry as v1 and v1alpha1 (there is no telemetry.istio.io/v1beta1).
        KINDS.put("Telemetry", new Kind(List.of("telemetry"), List.of(
                io.fabric8.istio.api.telemetry.v1.Telemetry.class,
                io.fabric8.istio.api.telemetry.v1alpha1.Telemetry.class)));
    }

    private IstioCrdGenerator() {
    }

    /** The CRDs as one multi-document YAML text. */
    public static String generate() {
        StringBuilder out = new StringBuilder("# Generated by orchlab.engine.istio.IstioCrdGenerator (app/engine/src/test) from\n"
                + "# io.fabric8:istio-model 7.4.0 with io.fabric8:crd-generator-api-v2 7.4.0. Do not edit: regenerate.\n");
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, Kind> e : KINDS.entrySet()) {
            CustomResourceDefinition merged = null;
            List<CustomResourceDefinitionVersion> versions = new ArrayList<>();
            for (Class<? extends HasMetadata> model : e.getValue().versions()) {
                CustomResourceDefinition crd = generateOne(model);
                CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
                JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
                unwrapOneOfs(spec, specClass(model));
                version.setStorage(versions.isEmpty());
                version.setServed(true);
                versions.add(version);
                if (merged == null) {
                    merged = crd;
                }
            }
            merged.getSpec().setVersions(versions);
            merged.getSpec().getNames().setShortNames(e.getValue().shortNames());
            merged.getSpec().getNames().setCategories(List.of("istio-io", merged.getSpec().getGroup().split("\\.")[0] + "-istio-io"));
            merged.getMetadata().setLabels(new java.util.TreeMap<>(Map.of("app.kubernetes.io/managed-by", "orchlab", "orchlab.dev/istio-crds", "1.24")));
            merged.getMetadata().setAnnotations(null);
            body.append(Serialization.asYaml(merged));
        }
        if (!OPAQUE.isEmpty()) {
            out.append("# Not validated (the model types them with a cycle), content preserved: ").append(String.join(", ", OPAQUE)).append('\n');
        }
        return out.append(body).toString();
    }

    private static CustomResourceDefinition generateOne(Class<? extends HasMetadata> model) {
        Map<String, ByteArrayOutputStream> outputs = new LinkedHashMap<>();
        new CRDGenerator()
                .customResourceClasses(model)
                .forCRDVersions("v1")
                .withParallelGenerationEnabled(false)
                .withOutput(new CRDGenerator.AbstractCRDOutput<ByteArrayOutputStream>() {
                    @Override
                    protected ByteArrayOutputStream createStreamFor(String crdName) {
                        return outputs.computeIfAbsent(crdName, n -> new ByteArrayOutputStream());
                    }
                })
                .generate();
        if (outputs.size() != 1) {
            throw new IllegalStateException("expected one CRD for " + model.getName() + ", got " + outputs.keySet());
        }
        String yaml = outputs.values().iterator().next().toString(StandardCharsets.UTF_8);
        return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
    }

    private static Class<?> specClass(Class<?> model) {
        try {
            return model.getMethod("getSpec").getReturnType();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(model + " has no spec", e);
        }
    }

    /**
     * Istio's protobuf {@code oneof} fields are modelled by fabric8 as a {@code @JsonUnwrapped} field of an interface
     * type (StringMatch's {@code MatchType} stands for one of {@code exact}, {@code prefix}, {@code regex}); the CRD
     * generator cannot see through that and emits an empty {@code MatchType} object. Replace such a property by the
     * properties of the interface's implementations, each schema again produced by the generator.
     */
    static void unwrapOneOfs(JSONSchemaProps schema, Class<?> type) {
        if (schema == null || type == null) {
            return;
        }
        if (schema.getProperties() != null) {
            for (String name : new ArrayList<>(schema.getProperties().keySet())) {
                Field field = field(type, name);
                if (field == null) {
                    continue;
                }
                if (field.isAnnotationPresent(JsonUnwrapped.class) && field.getType().isInterface()) {
                    schema.getProperties().remove(name);
                    for (Class<?> impl : implementations(field.getType())) {
                        schema.getProperties().putAll(oneOfSchema(impl).getProperties());
                    }
                } else {
                    descend(schema.getProperties().get(name), field.getGenericType());
                }
            }
        }
    }

    /** Fields the model cannot describe (see {@link #oneOfSchema}); listed in the generated file's header. */
    private static final java.util.Set<String> OPAQUE = new java.util.TreeSet<>();

    /**
     * The schema of one oneof alternative. fabric8's model names one alternative class like the message it wraps
     * ({@code LoadBalancerSettingsConsistentHashLBRingHash.ringHash} has its own class as type), a cycle the generator
     * refuses; such a field is kept as an object whose content is preserved, not validated.
     */
    private static JSONSchemaProps oneOfSchema(Class<?> impl) {
        try {
            JSONSchemaProps schema = JsonSchema.from(impl);
            unwrapOneOfs(schema, impl);
            return schema;
        } catch (IllegalArgumentException cyclic) {
            JSONSchemaProps schema = new JSONSchemaProps();
            schema.setType("object");
            schema.setProperties(new LinkedHashMap<>());
            for (Field f : impl.getDeclaredFields()) {
                JsonProperty property = f.getAnnotation(JsonProperty.class);
                if (property != null) {
                    JSONSchemaProps opaque = new JSONSchemaProps();
                    opaque.setType("object");
                    opaque.setXKubernetesPreserveUnknownFields(true);
                    schema.getProperties().put(property.value(), opaque);
                    OPAQUE.add(impl.getSimpleName() + "." + property.value());
                }
            }
            return schema;
        }
    }

    private static void descend(JSONSchemaProps schema, Type type) {
        if (schema == null) {
            return;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) && schema.getItems() != null) {
                descend(schema.getItems().getSchema(), args[0]);
            } else if (Map.class.isAssignableFrom(raw) && schema.getAdditionalProperties() != null) {
                descend(schema.getAdditionalProperties().getSchema(), args[1]);
            }
        } else if (type instanceof Class<?> c && !c.isPrimitive() && !c.getName().startsWith("java.")) {
            unwrapOneOfs(schema, c);
        }
    }

    private static Field field(Class<?> type, String jsonName) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                JsonProperty property = f.getAnnotation(JsonProperty.class);
                if (jsonName.equals(property != null && !property.value().isEmpty() ? property.value() : f.getName())) {
                    return f;
                }
            }
        }
        return null;
    }

    /** Classes of the interface's package (same jar) that implement it, by name for a stable output. */
    private static List<Class<?>> implementations(Class<?> iface) {
        String packagePath = iface.getPackageName().replace('.', '/') + "/";
        List<Class<?>> found = new ArrayList<>();
        try (JarFile jar = new JarFile(Path.of(iface.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith(packagePath) && n.endsWith(".class") && n.indexOf('/', packagePath.length()) < 0
                            && !n.contains("$"))
                    .sorted().toList();
            for (String n : names) {
                Class<?> c = Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, iface.getClassLoader());
                if (!c.isInterface() && iface.isAssignableFrom(c)) {
                    found.add(c);
                }
            }
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot list implementations of " + iface.getName(), e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no implementation of " + iface.getName());
        }
        return found;
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "app/engine/src/main/resources/orchlab/engine/istio/istio-crds.yaml");
        Files.createDirectories(target.getParent());
        Files.writeString(target, generate());
        System.out.println("wrote " + target);
    }
}
