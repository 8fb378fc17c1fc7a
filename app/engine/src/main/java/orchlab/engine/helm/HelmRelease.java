package orchlab.engine.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One revision of a release as Helm stored it (a {@code helm.sh/release.v1} Secret in the release's namespace).
 *
 * @param chartName    the chart's name ({@code my-app-chart})
 * @param chartVersion the chart's version ({@code 0.1.0})
 * @param config       the values the user supplied for this revision ({@code helm get values})
 * @param chartValues  the chart's own {@code values.yaml} at that revision
 * @param manifest     the rendered manifests Helm applied ({@code helm get manifest})
 * @param chart        the stored chart (metadata, templates, values, files), kept to roll back to this revision
 */
public record HelmRelease(String name, String namespace, int revision, String status, String description,
                          Instant updated, String chartName, String chartVersion, String appVersion,
                          JsonNode config, JsonNode chartValues, String manifest, JsonNode chart) {

    /** {@code my-app-chart-0.1.0}, as {@code helm list} shows it. */
    public String chartRef() {
        return chartName + "-" + chartVersion;
    }

    /** The values in effect: the chart's values with the user's on top ({@code helm get values --all}). */
    public JsonNode effectiveValues() {
        return Values.merge(chartValues, config);
    }
}
