package orchlab.sim.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import orchlab.engine.istio.IstioCrds;
import orchlab.sim.api.Json;
import org.junit.jupiter.api.Test;

/**
 * The store notes a written CRD's names itself instead of letting fabric8's mock read the whole CRD into its typed
 * model: what it notes must be what fabric8's {@code CustomResourceDefinitionContext.fromCrd} makes of the same CRD.
 */
class CrdContextTest {

    private static String describe(CustomResourceDefinitionContext c) {
        return String.join(" ", c.getName(), c.getGroup(), c.getVersion(), c.getScope(), c.getPlural(), c.getKind(),
                String.valueOf(c.isStatusSubresource()));
    }

    @Test
    void theNamesTheStoreNotesAreFabric8sOwnForIstiosCrdsAndACrdWithAStatusSubresource() {
        List<ObjectNode> crds = new ArrayList<>(IstioCrds.definitions());
        crds.add(Json.parseYamlOrJson("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  scope: Cluster
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                    - {name: v1beta1, served: true, storage: false, schema: {openAPIV3Schema: {type: object}}}
                    - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}, subresources: {status: {}}}
                """));
        for (ObjectNode crd : crds) {
            CustomResourceDefinition typed = Serialization.unmarshal(Json.write(crd), CustomResourceDefinition.class);

            assertThat(describe(ObjectStore.crdContext(crd))).isEqualTo(describe(CustomResourceDefinitionContext.fromCrd(typed)));
        }
        assertThat(describe(ObjectStore.crdContext(crds.get(crds.size() - 1))))
                .isEqualTo("widgets.example.com example.com v1 Cluster widgets Widget true");
    }
}
