package orchlab.sim.api;

import java.util.List;
import java.util.Set;

/**
 * One kind of object the simulated API server serves: where it lives in the URL space and how discovery
 * describes it.
 *
 * @param group        API group, empty for the core group
 * @param version      served version (one per group for built-in kinds; a CRD's served versions share the objects of its storage version)
 * @param kind         object kind ({@code Deployment})
 * @param plural       resource name in URLs ({@code deployments})
 * @param singular     singular name ({@code deployment})
 * @param namespaced   whether objects live in a namespace
 * @param shortNames   kubectl short names ({@code deploy})
 * @param categories   discovery categories ({@code all})
 * @param subresources subresource names served ({@code status}, {@code scale}, {@code log}, {@code proxy})
 * @param custom       true for kinds registered by a CustomResourceDefinition
 */
public record ResourceType(String group, String version, String kind, String plural, String singular,
                           boolean namespaced, List<String> shortNames, List<String> categories,
                           Set<String> subresources, boolean custom) {

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = Set.copyOf(subresources);
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    public String collectionPath(String namespace) {
        if (namespaced && namespace != null && !namespace.isEmpty()) {
            return groupVersionPath() + "/namespaces/" + namespace + "/" + plural;
        }
        return groupVersionPath() + "/" + plural;
    }

    public String objectPath(String namespace, String name) {
        return collectionPath(namespaced ? namespace : null) + "/" + name;
    }

    public String listKind() {
        return kind + "List";
    }

    public boolean hasStatus() {
        return subresources.contains("status");
    }

    public boolean hasScale() {
        return subresources.contains("scale");
    }

    /** {@code deployments.apps}, or {@code pods} for the core group: the name kubectl prints in messages. */
    public String qualifiedPlural() {
        return group.isEmpty() ? plural : plural + "." + group;
    }
}
