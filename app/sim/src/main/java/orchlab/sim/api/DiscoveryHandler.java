package orchlab.sim.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Legacy API discovery ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<group>/<version>}) built from
 * the {@link ResourceCatalog}, so that kubectl, Helm and client libraries can map kinds to URLs. Kinds registered
 * by CustomResourceDefinitions appear as soon as the CRD is stored. Requests for aggregated discovery get the
 * legacy documents with a plain {@code application/json} content type, which clients treat as "not aggregated"
 * and fall back from.
 */
public final class DiscoveryHandler {

    public static final String GIT_VERSION = "v1.32.0+orchlab-sim";
    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private final ResourceCatalog catalog;

    public DiscoveryHandler(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    /** The response for a discovery path, or empty when the path is not a discovery path. */
    public Optional<ApiResponse> handle(ApiRequest request) {
        String path = request.path();
        if (!request.method().equals("GET")) {
            return Optional.empty();
        }
        if (path.equals("/version")) {
            return Optional.of(ApiResponse.json(200, version()));
        }
        if (path.equals("/api")) {
            return Optional.of(ApiResponse.json(200, apiVersions(request)));
        }
        if (path.equals("/apis")) {
            return Optional.of(ApiResponse.json(200, groupList()));
        }
        String[] parts = path.replaceAll("^/", "").split("/");
        if (parts.length == 2 && parts[0].equals("api")) {
            return parts[1].equals("v1") ? Optional.of(ApiResponse.json(200, resourceList("", "v1")))
                    : Optional.of(ApiResponse.error(ApiException.notFoundPath(path)));
        }
        if (parts.length == 2 && parts[0].equals("apis")) {
            List<String> versions = catalog.groups().get(parts[1]);
            return Optional.of(versions == null ? ApiResponse.error(ApiException.notFoundPath(path))
                    : ApiResponse.json(200, group(parts[1], versions)));
        }
        if (parts.length == 3 && parts[0].equals("apis")) {
            List<String> versions = catalog.groups().get(parts[1]);
            if (versions == null || !versions.contains(parts[2])) {
                return Optional.of(ApiResponse.error(ApiException.notFoundPath(path)));
            }
            return Optional.of(ApiResponse.json(200, resourceList(parts[1], parts[2])));
        }
        return Optional.empty();
    }

    public static ObjectNode version() {
        ObjectNode v = Json.object();
        v.put("major", "1");
        v.put("minor", "32");
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", "0000000000000000000000000000000000000000");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2025-01-01T00:00:00Z");
        v.put("goVersion", "go1.23.4");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    private ObjectNode apiVersions(ApiRequest request) {
        ObjectNode v = Json.object();
        v.put("kind", "APIVersions");
        v.putArray("versions").add("v1");
        ObjectNode cidr = v.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", request.header("host").orElse("127.0.0.1"));
        return v;
    }

    private ObjectNode groupList() {
        ObjectNode list = Json.object();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        catalog.groups().forEach((name, versions) -> {
            ObjectNode g = group(name, versions);
            g.remove("kind");
            g.remove("apiVersion");
            groups.add(g);
        });
        return list;
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode g = Json.object();
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        g.put("name", name);
        ArrayNode array = g.putArray("versions");
        for (String version : versions) {
            ObjectNode v = array.addObject();
            v.put("groupVersion", name + "/" + version);
            v.put("version", version);
        }
        ObjectNode preferred = g.putObject("preferredVersion");
        preferred.put("groupVersion", name + "/" + versions.get(0));
        preferred.put("version", versions.get(0));
        return g;
    }

    private ObjectNode resourceList(String group, String version) {
        ObjectNode list = Json.object();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = list.putArray("resources");
        for (ResourceType type : catalog.inGroupVersion(group, version)) {
            ObjectNode r = resources.addObject();
            r.put("name", type.plural());
            r.put("singularName", type.singular());
            r.put("namespaced", type.namespaced());
            r.put("kind", type.kind());
            ArrayNode verbs = r.putArray("verbs");
            VERBS.forEach(verbs::add);
            if (!type.shortNames().isEmpty()) {
                ArrayNode shortNames = r.putArray("shortNames");
                type.shortNames().forEach(shortNames::add);
            }
            if (!type.categories().isEmpty()) {
                ArrayNode categories = r.putArray("categories");
                type.categories().forEach(categories::add);
            }
            for (String sub : List.of("status", "scale", "log", "proxy", "token", "eviction")) {
                if (!type.subresources().contains(sub)) {
                    continue;
                }
                ObjectNode s = resources.addObject();
                s.put("name", type.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", type.namespaced());
                switch (sub) {
                    case "scale" -> {
                        s.put("group", "autoscaling");
                        s.put("version", "v1");
                        s.put("kind", "Scale");
                        s.putArray("verbs").add("get").add("patch").add("update");
                    }
                    case "log" -> {
                        s.put("kind", "Pod");
                        s.putArray("verbs").add("get");
                    }
                    case "eviction" -> { // kubectl drain evicts only when discovery names the group and version
                        s.put("group", "policy");
                        s.put("version", "v1");
                        s.put("kind", "Eviction");
                        s.putArray("verbs").add("create");
                    }
                    case "token" -> {
                        s.put("group", "authentication.k8s.io");
                        s.put("version", "v1");
                        s.put("kind", "TokenRequest");
                        s.putArray("verbs").add("create");
                    }
                    case "proxy" -> {
                        s.put("kind", type.kind().equals("Node") ? "NodeProxyOptions" : "ServiceProxyOptions");
                        s.putArray("verbs").add("create").add("delete").add("get").add("patch").add("update");
                    }
                    default -> {
                        s.put("kind", type.kind());
                        s.putArray("verbs").add("get").add("patch").add("update");
                    }
                }
            }
        }
        for (ResourceCatalog.CreateOnly review : catalog.createOnly(group, version)) {
            ObjectNode r = resources.addObject();
            r.put("name", review.plural());
            r.put("singularName", review.kind().toLowerCase(java.util.Locale.ROOT));
            r.put("namespaced", false);
            r.put("kind", review.kind());
            r.putArray("verbs").add("create");
        }
        for (ResourceCatalog.ReadOnly read : catalog.readOnly(group, version)) {
            ObjectNode r = resources.addObject();
            r.put("name", read.plural());
            r.put("singularName", "");
            r.put("namespaced", read.namespaced());
            r.put("kind", read.kind());
            r.putArray("verbs").add("get").add("list");
        }
        return list;
    }

    /** Keys used by the catalog's group map, for tests. */
    Map<String, List<String>> groups() {
        return catalog.groups();
    }
}
