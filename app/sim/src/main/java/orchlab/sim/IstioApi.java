package orchlab.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import orchlab.engine.istio.IstioCrds;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.controller.SimContext;

/**
 * Istio's API on the simulated cluster: the sim boots with Istio's CRDs (networking, security, telemetry) so that
 * {@code kubectl apply} of Istio YAML works and a misspelt field is rejected at its path. A CRD of the same name
 * that is already there (a restored cluster, or one the learner applied) is left as it is.
 */
final class IstioApi {

    private IstioApi() {
    }

    static void register(SimContext ctx) {
        ResourceType crds = ctx.catalog.require("apiextensions.k8s.io", "customresourcedefinitions");
        for (ObjectNode crd : IstioCrds.definitions()) {
            if (ctx.store.get(crds, null, Json.name(crd)).isEmpty()) {
                ctx.store.create(crds, crd);
            }
        }
    }
}
