package orchlab.sim.api;

import java.util.List;
import java.util.Optional;

/**
 * A request path split the way the API server routes it:
 * {@code /apis/apps/v1/namespaces/shop/deployments/web/scale}.
 *
 * @param group       API group ("" for core)
 * @param version     version
 * @param namespace   namespace from the path, null when none
 * @param plural      resource name
 * @param name        object name, null for collections
 * @param subresource subresource ({@code status}, {@code scale}, {@code log}, {@code proxy}), null when none
 * @param rest        what follows the subresource (the proxied path), "" when none
 */
public record ResourcePath(String group, String version, String namespace, String plural, String name,
                           String subresource, String rest) {

    public static Optional<ResourcePath> parse(String path) {
        List<String> s = List.of(path.replaceAll("^/+", "").split("/", -1));
        String group;
        String version;
        int i;
        if (s.size() >= 3 && s.get(0).equals("api")) {
            group = "";
            version = s.get(1);
            i = 2;
        } else if (s.size() >= 4 && s.get(0).equals("apis")) {
            group = s.get(1);
            version = s.get(2);
            i = 3;
        } else {
            return Optional.empty();
        }
        String namespace = null;
        if (s.get(i).equals("namespaces") && s.size() > i + 2
                && !(s.size() == i + 3 && (s.get(i + 2).equals("status") || s.get(i + 2).equals("finalize")))) {
            namespace = s.get(i + 1);
            i += 2;
        }
        if (s.get(i).isEmpty()) {
            return Optional.empty();
        }
        String plural = s.get(i);
        String name = s.size() > i + 1 && !s.get(i + 1).isEmpty() ? s.get(i + 1) : null;
        String sub = s.size() > i + 2 ? s.get(i + 2) : null;
        String rest = s.size() > i + 3 ? String.join("/", s.subList(i + 3, s.size())) : "";
        if (sub != null && sub.isEmpty()) {
            sub = null;
        }
        return Optional.of(new ResourcePath(group, version, namespace, plural, name, sub, rest));
    }
}
