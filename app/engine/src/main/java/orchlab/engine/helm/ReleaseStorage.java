package orchlab.engine.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads what Helm 3 stored about releases: its default storage driver keeps each revision in a Secret
 * {@code sh.helm.release.v1.NAME.vREVISION} (labels {@code owner=helm}, {@code name}, {@code version},
 * {@code status}) whose {@code release} key holds the release as gzip-compressed, base64-encoded JSON.
 * helm-java 0.0.16 has no status, history or get; this reads the same records Helm's own commands read.
 */
public final class ReleaseStorage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};

    private final KubernetesClient client;

    public ReleaseStorage(KubernetesClient client) {
        this.client = client;
    }

    /** Every stored revision of the release, oldest first; empty when the release does not exist. */
    public List<HelmRelease> history(String namespace, String release) throws HelmException {
        List<HelmRelease> revisions = new ArrayList<>();
        try {
            for (Secret secret : client.secrets().inNamespace(namespace).withLabel("owner", "helm").withLabel("name", release)
                    .list().getItems()) {
                if ("helm.sh/release.v1".equals(secret.getType()) && secret.getData() != null && secret.getData().containsKey("release")) {
                    revisions.add(decode(secret.getData().get("release")));
                }
            }
        } catch (KubernetesClientException e) {
            throw new HelmException("cannot read the releases in namespace " + namespace + ": " + e.getMessage());
        }
        revisions.sort(Comparator.comparingInt(HelmRelease::revision));
        return revisions;
    }

    /** The newest revision ({@code helm status}). */
    public Optional<HelmRelease> latest(String namespace, String release) throws HelmException {
        List<HelmRelease> all = history(namespace, release);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Decodes the {@code release} value of a Secret's {@code data} (Kubernetes' base64 around Helm's base64 gzip JSON). */
    static HelmRelease decode(String secretData) throws HelmException {
        try {
            byte[] helmText = Base64.getDecoder().decode(secretData);
            byte[] payload = Base64.getDecoder().decode(new String(helmText, StandardCharsets.US_ASCII).strip());
            if (payload.length > 1 && payload[0] == GZIP_MAGIC[0] && payload[1] == GZIP_MAGIC[1]) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
                    payload = in.readAllBytes();
                }
            }
            return fromJson(JSON.readTree(payload));
        } catch (IOException | IllegalArgumentException e) {
            throw new HelmException("a stored Helm release could not be read (" + e.getMessage() + ")");
        }
    }

    static HelmRelease fromJson(JsonNode r) {
        JsonNode info = r.path("info");
        JsonNode chart = r.path("chart");
        JsonNode meta = chart.path("metadata");
        JsonNode config = r.path("config").isObject() ? r.path("config") : JsonNodeFactory.instance.objectNode();
        JsonNode values = chart.path("values").isObject() ? chart.path("values") : JsonNodeFactory.instance.objectNode();
        return new HelmRelease(r.path("name").asText(), r.path("namespace").asText(), r.path("version").asInt(),
                info.path("status").asText(), info.path("description").asText(), time(info.path("last_deployed").asText()),
                meta.path("name").asText(), meta.path("version").asText(), meta.path("appVersion").asText(),
                config, values, r.path("manifest").asText(), chart);
    }

    private static Instant time(String text) {
        try {
            return text.isEmpty() ? Instant.EPOCH : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
