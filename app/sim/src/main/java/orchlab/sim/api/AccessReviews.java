package orchlab.sim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import orchlab.sim.store.ObjectStore;

/**
 * What the API server answers about who is asking and what they may do, and the tokens it issues — the requests
 * behind {@code kubectl auth can-i}, {@code kubectl auth can-i --list}, {@code kubectl auth whoami} and
 * {@code kubectl create token}. Nothing here is stored.
 *
 * <p>Every request that reaches the simulated API server has authenticated as its one user, the administrator
 * (k3s's {@code system:admin} in group {@code system:masters}), so every review allows everything, as RBAC does for
 * that group. A token issued for a ServiceAccount is shaped like Kubernetes' bound tokens (a JWT with its claims) but
 * the simulated cluster does not accept it as a credential.
 */
final class AccessReviews {
    static final String USER = "system:admin";
    private static final List<String> GROUPS = List.of("system:masters", "system:authenticated");
    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

    private final ObjectStore store;
    private final ResourceCatalog catalog;
    private final ResourceType serviceAccounts;
    private final Supplier<Instant> clock;
    private final SecureRandom random = new SecureRandom();

    AccessReviews(ObjectStore store, ResourceCatalog catalog, Supplier<Instant> clock) {
        this.store = store;
        this.catalog = catalog;
        this.serviceAccounts = catalog.require("", "serviceaccounts");
        this.clock = clock;
    }

    /** The answer for a request to a review or a token, or empty when the request is for something else. */
    Optional<ApiResponse> handle(ApiRequest request, ResourcePath path) {
        boolean token = path.group().isEmpty() && path.plural().equals("serviceaccounts") && "token".equals(path.subresource());
        Optional<ResourceCatalog.CreateOnly> review = path.name() == null && path.namespace() == null
                ? catalog.createOnly(path.group(), path.version(), path.plural()) : Optional.empty();
        if (!token && review.isEmpty()) {
            return Optional.empty();
        }
        if (!request.method().equals("POST")) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        ObjectNode body = request.body().isBlank() ? Json.object() : Json.parseObject(request.body());
        if (token) {
            return Optional.of(ApiResponse.json(201, token(path, body)));
        }
        return Optional.of(ApiResponse.json(201, switch (review.get().kind()) {
            case "SelfSubjectAccessReview" -> accessReview(body);
            case "SelfSubjectRulesReview" -> rulesReview(body);
            default -> selfReview(body);
        }));
    }

    private ObjectNode accessReview(ObjectNode body) {
        ObjectNode spec = body.path("spec") instanceof ObjectNode s ? s : Json.object();
        boolean resource = spec.path("resourceAttributes").isObject();
        boolean nonResource = spec.path("nonResourceAttributes").isObject();
        if (resource == nonResource) {
            throw ApiException.invalid("authorization.k8s.io", "SelfSubjectAccessReview", "",
                    List.of(new ApiException.Cause("FieldValueInvalid", "spec.resourceAttributes",
                            "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified")));
        }
        ObjectNode answer = answerTo(body, "SelfSubjectAccessReview");
        answer.set("spec", spec);
        ObjectNode status = answer.putObject("status");
        status.put("allowed", true);
        status.put("reason", "RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\" to Group \"system:masters\"");
        return answer;
    }

    private ObjectNode rulesReview(ObjectNode body) {
        ObjectNode answer = answerTo(body, "SelfSubjectRulesReview");
        answer.set("spec", body.path("spec") instanceof ObjectNode s ? s : Json.object());
        ObjectNode status = answer.putObject("status");
        ObjectNode rule = status.putArray("resourceRules").addObject();
        rule.putArray("verbs").add("*");
        rule.putArray("apiGroups").add("*");
        rule.putArray("resources").add("*");
        ObjectNode urls = status.putArray("nonResourceRules").addObject();
        urls.putArray("verbs").add("*");
        urls.putArray("nonResourceURLs").add("*");
        status.put("incomplete", false);
        return answer;
    }

    private ObjectNode selfReview(ObjectNode body) {
        ObjectNode answer = answerTo(body, "SelfSubjectReview");
        ObjectNode user = answer.putObject("status").putObject("userInfo");
        user.put("username", USER);
        GROUPS.forEach(user.withArray("groups")::add);
        return answer;
    }

    private ObjectNode answerTo(ObjectNode body, String kind) {
        ObjectNode answer = Json.object();
        answer.put("kind", kind);
        answer.put("apiVersion", body.path("apiVersion").asText(kind.equals("SelfSubjectReview")
                ? "authentication.k8s.io/v1" : "authorization.k8s.io/v1"));
        answer.putObject("metadata").put("creationTimestamp", (String) null);
        return answer;
    }

    /** A TokenRequest for a ServiceAccount that exists: 10 minutes at least, one hour by default, as the API server. */
    private ObjectNode token(ResourcePath path, ObjectNode body) {
        ObjectNode account = store.get(serviceAccounts, path.namespace(), path.name())
                .orElseThrow(() -> ApiException.notFound(serviceAccounts, path.name()));
        ObjectNode spec = body.path("spec") instanceof ObjectNode s ? s.deepCopy() : Json.object();
        long seconds = spec.path("expirationSeconds").asLong(3600);
        if (seconds < 600) {
            throw ApiException.invalid("authentication.k8s.io", "TokenRequest", path.name(), List.of(new ApiException.Cause(
                    "FieldValueInvalid", "spec.expirationSeconds", "Invalid value: " + seconds
                            + ": may not specify a duration less than 10 minutes")));
        }
        if (!spec.path("audiences").isArray() || spec.path("audiences").isEmpty()) {
            spec.putArray("audiences").add(ISSUER).add("k3s");
        }
        spec.put("expirationSeconds", seconds);
        Instant now = clock.get().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plusSeconds(seconds);
        ObjectNode claims = Json.object();
        claims.set("aud", spec.path("audiences").deepCopy());
        claims.put("exp", expires.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", ISSUER);
        ObjectNode kubernetes = claims.putObject("kubernetes.io");
        kubernetes.put("namespace", path.namespace());
        ObjectNode sa = kubernetes.putObject("serviceaccount");
        sa.put("name", path.name());
        sa.put("uid", account.path("metadata").path("uid").asText());
        claims.put("nbf", now.getEpochSecond());
        claims.put("sub", "system:serviceaccount:" + path.namespace() + ":" + path.name());
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String jwt = url.encodeToString("{\"alg\":\"RS256\",\"kid\":\"orchlab-sim\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(signature);

        ObjectNode answer = Json.object();
        answer.put("kind", "TokenRequest");
        answer.put("apiVersion", "authentication.k8s.io/v1");
        ObjectNode metadata = answer.putObject("metadata");
        metadata.put("name", path.name());
        metadata.put("namespace", path.namespace());
        metadata.put("creationTimestamp", now.toString());
        answer.set("spec", spec);
        ObjectNode status = answer.putObject("status");
        status.put("token", jwt);
        status.put("expirationTimestamp", expires.toString());
        return answer;
    }
}
