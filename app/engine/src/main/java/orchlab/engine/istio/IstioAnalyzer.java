package orchlab.engine.istio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import orchlab.engine.istio.Finding.Severity;

/**
 * {@code istioctl analyze} for the lab: Istio {@value IstioCrds#ISTIO_VERSION}'s analyzer codes and meanings
 * (istio/istio {@code pkg/config/analysis/msg/messages.yaml}), applied to the objects of one namespace.
 *
 * <ul>
 * <li>IST0101 ReferencedResourceNotFound — a VirtualService destination host, host+subset or gateway that does not exist</li>
 * <li>IST0102 NamespaceNotInjected — the namespace has neither {@code istio-injection} nor {@code istio.io/rev}</li>
 * <li>IST0106 SchemaValidationError — route weights not adding up to 100, negative retry attempts, a malformed
 *     duration, duplicate subset names</li>
 * <li>IST0118 PortNameIsNotUnderNamingConvention — a Service port named neither {@code <protocol>} nor
 *     {@code <protocol>-<suffix>} and without {@code appProtocol}</li>
 * <li>IST0127 NoMatchingWorkloadsFound — an AuthorizationPolicy whose selector matches no workload</li>
 * <li>IST0130 VirtualServiceUnreachableRule / IST0131 VirtualServiceIneffectiveMatch — HTTP rules after a catch-all,
 *     or matches that repeat an earlier rule's match</li>
 * <li>IST0132 VirtualServiceHostNotFoundInGateway — none of a VirtualService's hosts is served by a Gateway it binds to
 *     (reported only for Gateways that exist: for a missing one Istio repeats IST0101 as IST0132, the lab does not)</li>
 * <li>IST0133 SchemaWarning — a retry policy while attempts is 0 (retries disabled)</li>
 * <li>IST0145 ConflictingGateways — two Gateways with the same workload selector (or selectors that pick the same
 *     pod) and a server on the same port with a host (and bind) in common</li>
 * <li>IST0157 InvalidTelemetryProvider — a Telemetry access-logging entry, not disabled, that names no provider (the
 *     lab follows Istio's default mesh config, which has no default access-log provider)</li>
 * <li>IST0160 MultipleTelemetriesWithoutWorkloadSelectors</li>
 * <li>IST0173 DestinationRuleSubsetNotSelectPods — a subset whose labels select none of the host's pods</li>
 * <li>IST0174 UnknownDestinationRuleHost — a DestinationRule host that matches no Service or ServiceEntry</li>
 * </ul>
 * Workloads are Pods, and the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets and Jobs (so that
 * files can be analysed before anything runs).
 */
public final class IstioAnalyzer {

    static final String NETWORKING = "networking.istio.io";
    static final String SECURITY = "security.istio.io";
    static final String TELEMETRY = "telemetry.istio.io";
    private static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease",
            "local-path-storage", "istio-system");
    private static final Set<String> PROTOCOLS = Set.of("grpc", "grpc-web", "http", "http2", "https", "mongo", "mysql",
            "redis", "tcp", "tls", "udp");
    private static final Pattern DURATION = Pattern.compile("^(\\d+(\\.\\d+)?(h|m|s|ms|us|µs|ns))+$");

    private final List<MeshObject> objects;
    private final List<Finding> findings = new ArrayList<>();

    private IstioAnalyzer(List<MeshObject> objects) {
        this.objects = objects;
    }

    /** Every finding for the objects, in the order of the objects and their fields. */
    public static List<Finding> analyze(List<MeshObject> objects) {
        IstioAnalyzer analyzer = new IstioAnalyzer(objects);
        analyzer.run();
        return List.copyOf(analyzer.findings);
    }

    private void run() {
        for (MeshObject o : objects) {
            if (o.is("", "Namespace")) {
                namespaceInjected(o);
            } else if (o.is("", "Service")) {
                servicePortNames(o);
            } else if (o.is(NETWORKING, "VirtualService")) {
                virtualService(o);
            } else if (o.is(NETWORKING, "DestinationRule")) {
                destinationRule(o);
            } else if (o.is(SECURITY, "AuthorizationPolicy")) {
                authorizationPolicy(o);
            } else if (o.is(NETWORKING, "Gateway")) {
                conflictingGateways(o);
            } else if (o.is(TELEMETRY, "Telemetry")) {
                telemetryProviders(o);
            }
        }
        telemetries();
    }

    private void report(String code, String name, Severity severity, MeshObject object, String field, String message, String fix) {
        findings.add(new Finding(code, name, severity, object.describe(), field, object.origin(field), message, fix));
    }

    // ---- IST0102

    private void namespaceInjected(MeshObject ns) {
        if (SYSTEM_NAMESPACES.contains(ns.name())) {
            return;
        }
        JsonNode labels = ns.json().path("metadata").path("labels");
        if (labels.has("istio-injection") || labels.has("istio.io/rev")) {
            return;
        }
        report("IST0102", "NamespaceNotInjected", Severity.INFO, ns, "metadata.labels",
                "The namespace is not enabled for Istio injection. Run 'kubectl label namespace " + ns.name()
                        + " istio-injection=enabled' to enable it, or 'kubectl label namespace " + ns.name()
                        + " istio-injection=disabled' to explicitly mark it as not needing injection.",
                "label the namespace istio-injection=enabled, then restart its workloads so they get a sidecar");
    }

    // ---- IST0118

    private void servicePortNames(MeshObject service) {
        JsonNode ports = service.json().path("spec").path("ports");
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            if (port.hasNonNull("appProtocol")) {
                continue;
            }
            String name = port.path("name").asText("");
            if (followsNamingConvention(name)) {
                continue;
            }
            String targetPort = port.path("targetPort").asText(port.path("port").asText());
            report("IST0118", "PortNameIsNotUnderNamingConvention", Severity.INFO, service, "spec.ports[" + i + "].name",
                    "Port name " + name + " (port: " + port.path("port").asInt() + ", targetPort: " + targetPort
                            + ") doesn't follow the naming convention of Istio port.",
                    "name the port <protocol>[-<suffix>] (http, http-web, grpc, tcp-db, ...) or set appProtocol");
        }
    }

    static boolean followsNamingConvention(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (PROTOCOLS.contains(lower)) {
            return true;
        }
        for (String protocol : PROTOCOLS) {
            if (lower.startsWith(protocol + "-")) {
                return true;
            }
        }
        return false;
    }

    // ---- VirtualService: IST0101, IST0106, IST0130, IST0131, IST0133

    private void virtualService(MeshObject vs) {
        JsonNode spec = vs.json().path("spec");
        JsonNode gateways = spec.path("gateways");
        for (int i = 0; i < gateways.size(); i++) {
            String gateway = gateways.get(i).asText();
            if (gateway.equals("mesh")) {
                continue;
            }
            Optional<MeshObject> found = findGateway(gateway, vs.namespace());
            if (found.isEmpty()) {
                report("IST0101", "ReferencedResourceNotFound", Severity.ERROR, vs, "spec.gateways[" + i + "]",
                        "Referenced gateway not found: \"" + gateway + "\"",
                        "create Gateway " + gateway + " or refer to an existing one (namespace/name for another namespace)");
            } else {
                hostsInGateway(vs, found.get(), "spec.gateways[" + i + "]");
            }
        }
        for (String section : List.of("http", "tcp", "tls")) {
            JsonNode rules = spec.path(section);
            for (int r = 0; r < rules.size(); r++) {
                String rulePath = "spec." + section + "[" + r + "]";
                JsonNode routes = rules.get(r).path("route");
                destinations(vs, routes, rulePath + ".route");
                weights(vs, routes, rulePath + ".route");
                if (section.equals("http")) {
                    JsonNode mirror = rules.get(r).path("mirror");
                    if (mirror.isObject()) {
                        destination(vs, mirror, rulePath + ".mirror");
                    }
                    retriesAndTimeout(vs, rules.get(r), rulePath);
                }
            }
        }
        httpMatches(vs, spec.path("http"));
    }

    // ---- IST0132

    private void hostsInGateway(MeshObject vs, MeshObject gateway, String field) {
        List<String> vsHosts = new ArrayList<>();
        vs.json().path("spec").path("hosts").forEach(h -> vsHosts.add(h.asText()));
        for (String gatewayHost : gatewayHostsFor(gateway, vs.namespace())) {
            for (String vsHost : vsHosts) {
                if (hostsMatch(gatewayHost, vsHost)) {
                    return;
                }
            }
        }
        String gatewayName = (gateway.namespace().isEmpty() ? vs.namespace() : gateway.namespace()) + "/" + gateway.name();
        report("IST0132", "VirtualServiceHostNotFoundInGateway", Severity.WARNING, vs, field,
                "one or more host [" + String.join(" ", vsHosts) + "] defined in VirtualService " + vs.namespace() + "/"
                        + vs.name() + " not found in Gateway " + gatewayName + ".",
                "list in spec.hosts a host that a server of Gateway " + gateway.name() + " accepts, or add that host to the Gateway");
    }

    /**
     * The hosts of a Gateway's servers that apply to VirtualServices of a namespace: {@code ns/host} only for that
     * namespace ({@code ./host} for the Gateway's own), {@code * /host} and plain {@code host} for every namespace.
     */
    private static List<String> gatewayHostsFor(MeshObject gateway, String vsNamespace) {
        List<String> hosts = new ArrayList<>();
        for (JsonNode server : gateway.json().path("spec").path("servers")) {
            for (JsonNode h : server.path("hosts")) {
                String host = h.asText();
                int slash = host.indexOf('/');
                if (slash < 0) {
                    hosts.add(host);
                    continue;
                }
                String ns = host.substring(0, slash);
                ns = ns.equals(".") ? gateway.namespace().isEmpty() ? vsNamespace : gateway.namespace() : ns;
                if (ns.equals("*") || ns.equals(vsNamespace)) {
                    hosts.add(host.substring(slash + 1));
                }
            }
        }
        return hosts;
    }

    /** Istio's {@code host.Name.Matches}: equal, or a wildcard ({@code *}, {@code *.example.com}) covering the other. */
    static boolean hostsMatch(String a, String b) {
        if (a.equals(b) || a.equals("*") || b.equals("*")) {
            return true;
        }
        boolean aWild = a.startsWith("*");
        boolean bWild = b.startsWith("*");
        if (aWild && bWild) {
            String as = a.substring(1);
            String bs = b.substring(1);
            return as.endsWith(bs) || bs.endsWith(as);
        }
        if (aWild) {
            return b.endsWith(a.substring(1));
        }
        return bWild && a.endsWith(b.substring(1));
    }

    private void destinations(MeshObject vs, JsonNode routes, String path) {
        for (int i = 0; i < routes.size(); i++) {
            destination(vs, routes.get(i).path("destination"), path + "[" + i + "].destination");
        }
    }

    private void destination(MeshObject vs, JsonNode destination, String path) {
        String host = destination.path("host").asText("");
        if (host.isEmpty()) {
            return;
        }
        String fqdn = fqdn(host, vs.namespace());
        if (!hostExists(fqdn)) {
            report("IST0101", "ReferencedResourceNotFound", Severity.ERROR, vs, path + ".host",
                    "Referenced host not found: \"" + host + "\"",
                    "use the name of a Service in the namespace (or its full name <service>.<namespace>.svc.cluster.local), or add a ServiceEntry");
            return;
        }
        String subset = destination.path("subset").asText("");
        if (!subset.isEmpty() && !subsetDefined(fqdn, vs.namespace(), subset)) {
            report("IST0101", "ReferencedResourceNotFound", Severity.ERROR, vs, path + ".subset",
                    "Referenced host+subset in destinationrule not found: \"" + host + "+" + subset + "\"",
                    "define subset " + subset + " in a DestinationRule whose host is " + host + ", or route to a subset it defines");
        }
    }

    private void weights(MeshObject vs, JsonNode routes, String path) {
        if (routes.size() == 0) {
            return;
        }
        long total = 0;
        boolean anyWeight = false;
        for (int i = 0; i < routes.size(); i++) {
            JsonNode weight = routes.get(i).path("weight");
            if (weight.isNumber()) {
                anyWeight = true;
                total += weight.asLong();
                if (weight.asLong() < 0) {
                    report("IST0106", "SchemaValidationError", Severity.ERROR, vs, path + "[" + i + "].weight",
                            "Schema validation error: weight " + weight.asLong() + " < 0", "weights are between 0 and 100");
                }
            }
        }
        if (routes.size() == 1 && !anyWeight) {
            return;
        }
        if (total != 100) {
            report("IST0106", "SchemaValidationError", Severity.ERROR, vs, path,
                    "Schema validation error: total destination weight " + total + " != 100",
                    "give every destination of this route a weight so that they add up to 100");
        }
    }

    private void retriesAndTimeout(MeshObject vs, JsonNode rule, String path) {
        duration(vs, rule.path("timeout"), path + ".timeout");
        JsonNode retries = rule.path("retries");
        if (!retries.isObject()) {
            return;
        }
        duration(vs, retries.path("perTryTimeout"), path + ".retries.perTryTimeout");
        long attempts = retries.path("attempts").asLong(0);
        if (attempts < 0) {
            report("IST0106", "SchemaValidationError", Severity.ERROR, vs, path + ".retries.attempts",
                    "Schema validation error: attempts cannot be negative", "set attempts to the number of retries (for example 3)");
        } else if (attempts == 0 && (retries.has("perTryTimeout") || retries.has("retryOn") || retries.has("retryRemoteLocalities"))) {
            report("IST0133", "SchemaWarning", Severity.WARNING, vs, path + ".retries",
                    "Schema validation warning: http retry policy configured when attempts are set to 0 (disabled). Policy will be ignored",
                    "set retries.attempts (for example 3), or remove the retry policy");
        }
    }

    private void duration(MeshObject o, JsonNode value, String path) {
        if (value.isMissingNode() || value.isNull()) {
            return;
        }
        if (!value.isTextual() || !DURATION.matcher(value.asText()).matches()) {
            report("IST0106", "SchemaValidationError", Severity.ERROR, o, path,
                    "Schema validation error: " + path.substring(path.lastIndexOf('.') + 1) + ": invalid duration " + value,
                    "write a duration like 5s, 250ms or 1m30s");
        }
    }

    private void httpMatches(MeshObject vs, JsonNode rules) {
        Map<JsonNode, Integer> ruleOf = new LinkedHashMap<>();
        Integer catchAll = null;
        for (int r = 0; r < rules.size(); r++) {
            JsonNode matches = rules.get(r).path("match");
            if (catchAll != null) {
                report("IST0130", "VirtualServiceUnreachableRule", Severity.WARNING, vs, "spec.http[" + r + "]",
                        "VirtualService rule #" + r + " not used (only the last rule can have no matches).",
                        "move rule #" + catchAll + " (it has no match, so it takes every request) to the end");
                continue;
            }
            if (matches.size() == 0) {
                catchAll = r;
                continue;
            }
            int duplicates = 0;
            for (int m = 0; m < matches.size(); m++) {
                JsonNode match = withoutName(matches.get(m));
                Integer earlier = ruleOf.get(match);
                if (earlier != null) {
                    duplicates++;
                    if (duplicates < matches.size()) {
                        report("IST0131", "VirtualServiceIneffectiveMatch", Severity.INFO, vs, "spec.http[" + r + "].match[" + m + "]",
                                "VirtualService rule #" + r + " match #" + m + " is not used (duplicate/overlapping match in rule #" + earlier + ").",
                                "remove this match, or change it so it differs from rule #" + earlier + "'s");
                    }
                } else {
                    ruleOf.put(match, r);
                }
            }
            if (duplicates == matches.size()) {
                report("IST0130", "VirtualServiceUnreachableRule", Severity.WARNING, vs, "spec.http[" + r + "]",
                        "VirtualService rule #" + r + " not used (all matches used by prior rules).",
                        "change the matches of rule #" + r + " or merge its routes into the earlier rule");
            }
        }
    }

    private static JsonNode withoutName(JsonNode match) {
        if (match.isObject() && match.has("name")) {
            var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) match).deepCopy();
            copy.remove("name");
            return copy;
        }
        return match;
    }

    // ---- DestinationRule: IST0106, IST0173, IST0174

    private void destinationRule(MeshObject dr) {
        JsonNode spec = dr.json().path("spec");
        String host = spec.path("host").asText("");
        JsonNode subsets = spec.path("subsets");
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < subsets.size(); i++) {
            String name = subsets.get(i).path("name").asText("");
            if (!names.add(name)) {
                report("IST0106", "SchemaValidationError", Severity.ERROR, dr, "spec.subsets[" + i + "].name",
                        "Schema validation error: duplicate subset names: " + name, "give every subset its own name");
            }
        }
        JsonNode outlier = spec.path("trafficPolicy").path("outlierDetection");
        duration(dr, outlier.path("interval"), "spec.trafficPolicy.outlierDetection.interval");
        duration(dr, outlier.path("baseEjectionTime"), "spec.trafficPolicy.outlierDetection.baseEjectionTime");
        if (host.isEmpty()) {
            return;
        }
        String fqdn = fqdn(host, dr.namespace());
        Optional<MeshObject> service = serviceFor(fqdn);
        if (service.isEmpty()) {
            if (!serviceEntryHosts().contains(fqdn)) {
                report("IST0174", "UnknownDestinationRuleHost", Severity.WARNING, dr, "spec.host",
                        "DestinationRule host " + host + " did not match any service in the mesh.",
                        "use the name of a Service (my-svc, or my-svc.<namespace>.svc.cluster.local), or add a ServiceEntry for it");
            }
            return;
        }
        Map<String, String> selector = strings(service.get().json().path("spec").path("selector"));
        for (int i = 0; i < subsets.size(); i++) {
            Map<String, String> labels = new LinkedHashMap<>(selector);
            labels.putAll(strings(subsets.get(i).path("labels")));
            if (workloadsMatching(service.get().namespace(), labels).isEmpty()) {
                String name = subsets.get(i).path("name").asText("");
                report("IST0173", "DestinationRuleSubsetNotSelectPods", Severity.WARNING, dr, "spec.subsets[" + i + "].labels",
                        "The Subset " + name + " defined in the DestinationRule does not select any pods, which may lead to 503 UH (NoHealthyUpstream).",
                        "use labels the pods of Service " + service.get().name() + " carry (kubectl get pods --show-labels)");
            }
        }
    }

    // ---- IST0127

    private void authorizationPolicy(MeshObject policy) {
        JsonNode matchLabels = policy.json().path("spec").path("selector").path("matchLabels");
        if (!matchLabels.isObject() || matchLabels.isEmpty()) {
            return;
        }
        Map<String, String> labels = strings(matchLabels);
        if (workloadsMatching(policy.namespace(), labels).isEmpty()) {
            StringBuilder text = new StringBuilder();
            labels.forEach((k, v) -> text.append(text.isEmpty() ? "" : ",").append(k).append('=').append(v));
            report("IST0127", "NoMatchingWorkloadsFound", Severity.WARNING, policy, "spec.selector.matchLabels",
                    "No matching workloads for this resource with the following labels: " + text,
                    "select labels the pods in namespace " + policy.namespace() + " carry (kubectl get pods --show-labels)");
        }
    }

    // ---- IST0145

    private void conflictingGateways(MeshObject gateway) {
        Map<String, String> selector = strings(gateway.json().path("spec").path("selector"));
        JsonNode servers = gateway.json().path("spec").path("servers");
        for (int i = 0; i < servers.size(); i++) {
            JsonNode server = servers.get(i);
            int port = server.path("port").path("number").asInt();
            Set<String> hosts = new LinkedHashSet<>();
            server.path("hosts").forEach(h -> hosts.add(h.asText()));
            String bind = server.path("bind").asText("");
            Set<String> conflicting = new java.util.TreeSet<>();
            for (MeshObject other : objects) {
                if (other == gateway || !other.is(NETWORKING, "Gateway") || !sameWorkloads(selector,
                        strings(other.json().path("spec").path("selector")))) {
                    continue;
                }
                for (JsonNode otherServer : other.json().path("spec").path("servers")) {
                    boolean samePort = otherServer.path("port").path("number").asInt() == port;
                    boolean sameBind = otherServer.path("bind").asText("").equals(bind);
                    boolean sharedHost = false;
                    for (JsonNode h : otherServer.path("hosts")) {
                        sharedHost |= hosts.contains(h.asText());
                    }
                    if (samePort && sameBind && sharedHost) {
                        conflicting.add(other.namespace() + "/" + other.name());
                    }
                }
            }
            if (!conflicting.isEmpty()) {
                report("IST0145", "ConflictingGateways", Severity.ERROR, gateway, "spec.servers[" + i + "]",
                        "Conflict with gateways " + String.join(",", conflicting) + " (workload selector "
                                + selectorText(selector) + ", port " + port + ", hosts " + String.join(",", hosts) + ").",
                        "serve each host on a port of one Gateway only: merge the servers into one Gateway, or change the host");
            }
        }
    }

    /**
     * Istio's test for two Gateway selectors: the same selector, or one selector's text inside the other's and a pod
     * carrying both.
     */
    private boolean sameWorkloads(Map<String, String> a, Map<String, String> b) {
        String at = selectorText(a);
        String bt = selectorText(b);
        if (at.equals(bt)) {
            return true;
        }
        if (!at.contains(bt) && !bt.contains(at)) {
            return false;
        }
        Map<String, String> both = new LinkedHashMap<>(a);
        both.putAll(b);
        for (MeshObject o : objects) {
            if (o.kind().equals("Pod") && strings(o.json().path("metadata").path("labels")).entrySet().containsAll(both.entrySet())) {
                return true;
            }
        }
        return false;
    }

    /** A label selector as Kubernetes prints it: {@code k=v} pairs sorted by key, comma-separated. */
    private static String selectorText(Map<String, String> selector) {
        return new java.util.TreeMap<>(selector).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }

    // ---- IST0157

    private void telemetryProviders(MeshObject telemetry) {
        JsonNode logging = telemetry.json().path("spec").path("accessLogging");
        for (int i = 0; i < logging.size(); i++) {
            JsonNode entry = logging.get(i);
            if (entry.path("disabled").asBoolean(false) || entry.path("providers").size() > 0) {
                continue;
            }
            report("IST0157", "InvalidTelemetryProvider", Severity.WARNING, telemetry, "spec.accessLogging[" + i + "]",
                    "The Telemetry " + telemetry.name() + " in namespace \"" + telemetry.namespace()
                            + "\" with empty providers will be ignored.",
                    "name a provider, for example providers: [{name: envoy}]");
        }
    }

    // ---- IST0160

    private void telemetries() {
        Map<String, List<MeshObject>> withoutSelector = new LinkedHashMap<>();
        for (MeshObject o : objects) {
            if (o.is(TELEMETRY, "Telemetry") && !o.json().path("spec").has("selector") && !o.json().path("spec").has("targetRefs")) {
                withoutSelector.computeIfAbsent(o.namespace(), n -> new ArrayList<>()).add(o);
            }
        }
        withoutSelector.forEach((ns, list) -> {
            if (list.size() > 1) {
                List<String> names = list.stream().map(MeshObject::name).toList();
                for (MeshObject t : list) {
                    report("IST0160", "MultipleTelemetriesWithoutWorkloadSelectors", Severity.ERROR, t, "spec",
                            "The Telemetries " + names + " in namespace \"" + ns + "\" have no workload selector, which can lead to undefined behavior.",
                            "keep one namespace-wide Telemetry (often named default) and give the others a selector");
                }
            }
        });
    }

    // ---- lookups

    /** Istio's short-name resolution: a host without a dot is a Service in the referring object's namespace. */
    static String fqdn(String host, String namespace) {
        return host.contains(".") || host.contains("*") ? host : host + "." + namespace + ".svc.cluster.local";
    }

    private Optional<MeshObject> serviceFor(String fqdn) {
        for (MeshObject o : objects) {
            if (o.is("", "Service") && fqdn.equals(o.name() + "." + o.namespace() + ".svc.cluster.local")) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    private Set<String> serviceEntryHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        for (MeshObject o : objects) {
            if (o.is(NETWORKING, "ServiceEntry")) {
                o.json().path("spec").path("hosts").forEach(h -> hosts.add(fqdn(h.asText(), o.namespace())));
            }
        }
        return hosts;
    }

    private boolean hostExists(String fqdn) {
        return serviceFor(fqdn).isPresent() || serviceEntryHosts().contains(fqdn);
    }

    private boolean subsetDefined(String fqdn, String namespace, String subset) {
        for (MeshObject o : objects) {
            if (o.is(NETWORKING, "DestinationRule") && fqdn(o.json().path("spec").path("host").asText(""), o.namespace()).equals(fqdn)) {
                for (JsonNode s : o.json().path("spec").path("subsets")) {
                    if (s.path("name").asText().equals(subset)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Optional<MeshObject> findGateway(String reference, String namespace) {
        String ns = namespace;
        String name = reference;
        int slash = reference.indexOf('/');
        if (slash >= 0) {
            ns = reference.substring(0, slash);
            name = reference.substring(slash + 1);
        } else if (reference.contains(".")) {
            String[] parts = reference.split("\\.");
            name = parts[0];
            ns = parts.length > 1 ? parts[1] : namespace;
        }
        for (MeshObject o : objects) {
            if (o.is(NETWORKING, "Gateway") && o.name().equals(name) && (o.namespace().isEmpty() || o.namespace().equals(ns))) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** Labels of the Pods, and of the pod templates of workload controllers, in a namespace that carry all the labels. */
    private List<Map<String, String>> workloadsMatching(String namespace, Map<String, String> wanted) {
        List<Map<String, String>> matching = new ArrayList<>();
        for (MeshObject o : objects) {
            if (!o.namespace().equals(namespace)) {
                continue;
            }
            JsonNode labels = switch (o.kind()) {
                case "Pod" -> o.json().path("metadata").path("labels");
                case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
                        o.json().path("spec").path("template").path("metadata").path("labels");
                default -> null;
            };
            if (labels == null) {
                continue;
            }
            Map<String, String> have = strings(labels);
            if (have.entrySet().containsAll(wanted.entrySet())) {
                matching.add(have);
            }
        }
        return matching;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
