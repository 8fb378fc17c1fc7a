package orchlab.sim.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A request the API server refuses, carried to the HTTP layer as a Kubernetes {@code Status} object so that
 * kubectl and client libraries print a real-looking error.
 */
public final class ApiException extends RuntimeException {

    /** One field-level problem ({@code details.causes[]}). */
    public record Cause(String reason, String field, String message) {
    }

    private final int code;
    private final String reason;
    private final String kind;
    private final String group;
    private final String name;
    private final List<Cause> causes;

    public ApiException(int code, String reason, String message, String group, String kind, String name, List<Cause> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.kind = kind;
        this.group = group;
        this.name = name;
        this.causes = List.copyOf(causes);
    }

    public static ApiException notFound(ResourceType type, String name) {
        return new ApiException(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found",
                type.group(), type.plural(), name, List.of());
    }

    public static ApiException namespaceNotFound(String namespace) {
        return new ApiException(404, "NotFound", "namespaces \"" + namespace + "\" not found", "", "namespaces",
                namespace, List.of());
    }

    public static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists",
                type.group(), type.plural(), name, List.of());
    }

    public static ApiException conflict(ResourceType type, String name, String detail) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \""
                + name + "\": " + detail, type.group(), type.plural(), name, List.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, null, null, List.of());
    }

    public static ApiException badRequest(String message, List<Cause> causes) {
        return new ApiException(400, "BadRequest", message, null, null, null, causes);
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message, null, null, null, List.of());
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                + "application/apply-patch+yaml, application/strategic-merge-patch+json (got " + contentType + ")",
                null, null, null, List.of());
    }

    public static ApiException notFoundPath(String path) {
        return new ApiException(404, "NotFound", "the server could not find the requested resource (" + path + ")",
                null, null, null, List.of());
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message, null, null, null, List.of());
    }

    /** 422 Invalid, the message built like the real server's: {@code The Deployment "web" is invalid: ...}. */
    public static ApiException invalid(String group, String kind, String name, List<Cause> causes) {
        StringBuilder message = new StringBuilder("The ").append(kind).append(" \"").append(name).append("\" is invalid: ");
        if (causes.size() == 1) {
            Cause cause = causes.get(0);
            message.append(cause.field()).append(": ").append(cause.message());
        } else {
            message.append("[");
            for (int i = 0; i < causes.size(); i++) {
                Cause cause = causes.get(i);
                if (i > 0) {
                    message.append(", ");
                }
                message.append(cause.field()).append(": ").append(cause.message());
            }
            message.append("]");
        }
        return new ApiException(422, "Invalid", message.toString(), group, kind, name, causes);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public List<Cause> causes() {
        return causes;
    }

    /** The {@code Status} object a real API server returns for this error. */
    public ObjectNode toStatus() {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        status.put("reason", reason);
        if (name != null || kind != null || !causes.isEmpty()) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (group != null && !group.isEmpty()) {
                details.put("group", group);
            }
            if (kind != null) {
                details.put("kind", kind);
            }
            if (!causes.isEmpty()) {
                ArrayNode array = details.putArray("causes");
                for (Cause cause : causes) {
                    ObjectNode c = array.addObject();
                    c.put("reason", cause.reason());
                    c.put("message", cause.message());
                    c.put("field", cause.field());
                }
            }
        }
        status.put("code", code);
        return status;
    }
}
