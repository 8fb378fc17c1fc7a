package orchlab.sim.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.controller.SimContext;

/**
 * Argo CD's API on the simulated cluster: the CustomResourceDefinitions of {@code applications.argoproj.io} and
 * {@code appprojects.argoproj.io} exactly as Argo CD 3.6 ships them ({@code manifests/crds/application-crd.yaml} and
 * {@code appproject-crd.yaml} of argoproj/argo-cd at commit 37ee0097cf85), with only the schema's {@code description}
 * texts left out to keep the resource small. {@code kubectl get applications} shows Argo CD's printer columns
 * (SYNC STATUS, HEALTH STATUS; REVISION and PROJECT with {@code -o wide}). A CRD of the same name already stored is
 * left as it is.
 */
public final class ArgoCdApi {

    static final String RESOURCE = "/orchlab/sim/argocd/argocd-crds.json";

    private ArgoCdApi() {
    }

    /** The two CRDs, fresh copies. */
    public static List<ObjectNode> definitions() {
        List<ObjectNode> crds = new ArrayList<>();
        try (InputStream in = ArgoCdApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the sim jar");
            }
            for (JsonNode crd : new ObjectMapper().readTree(in)) {
                crds.add((ObjectNode) crd);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return crds;
    }

    public static void register(SimContext ctx) {
        ResourceType crds = ctx.crds;
        for (ObjectNode crd : definitions()) {
            if (ctx.store.get(crds, null, Json.name(crd)).isEmpty()) {
                ctx.store.create(crds, crd);
            }
        }
    }
}
