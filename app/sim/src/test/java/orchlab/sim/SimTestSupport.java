package orchlab.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import orchlab.sim.api.ApiRequest;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.api.Json;

/** Helpers for in-process tests: a settable clock and requests sent straight to the API server's router. */
final class SimTestSupport {

    private SimTestSupport() {
    }

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock() {
            this(Instant.parse("2025-01-01T10:00:00Z"));
        }

        /** A clock that starts at {@code start} (a real kubectl compares Pods' ages with its own clock). */
        ManualClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        synchronized void advance(Duration d) {
            now = now.plus(d);
        }
    }

    static ApiResponse send(SimCluster cluster, String method, String path, String contentType, String body) {
        return cluster.server().respond(ApiRequest.of(method, path, Map.of("Content-Type", List.of(contentType)), body));
    }

    static ApiResponse apply(SimCluster cluster, String path, String yaml) {
        ObjectNode object = Json.parseYamlOrJson(yaml);
        return send(cluster, "POST", path, "application/json", Json.write(object));
    }

    static ObjectNode json(ApiResponse response) {
        return Json.parseObject(response.bodyText());
    }

    static String deployment(String name, int replicas, String image, String extraSpec) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  replicas: %d
                  selector:
                    matchLabels:
                      app: %s
                %s
                  template:
                    metadata:
                      labels:
                        app: %s
                    spec:
                      containers:
                      - name: app
                        image: %s
                        ports:
                        - containerPort: 80
                """.formatted(name, replicas, name, extraSpec, name, image);
    }
}
