package orchlab.sim.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request to the simulated API server, independent of the HTTP server library.
 *
 * @param method  HTTP method
 * @param path    decoded path without the query
 * @param query   query parameters (first value of each)
 * @param headers request headers, names in lower case
 * @param body    the request body as text, "" when none
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
                         String body) {

    public static ApiRequest of(String method, String rawPathAndQuery, Map<String, List<String>> headers, String body) {
        int q = rawPathAndQuery.indexOf('?');
        String rawPath = q < 0 ? rawPathAndQuery : rawPathAndQuery.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : rawPathAndQuery.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.putIfAbsent(key, value);
            }
        }
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new ApiRequest(method.toUpperCase(java.util.Locale.ROOT), path, query, lower, body == null ? "" : body);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    public boolean flag(String name) {
        return "true".equals(query.get(name)) || "1".equals(query.get(name));
    }

    public String contentType() {
        return header("content-type").orElse("application/json");
    }

    /** Whether the client asked for a server-side table ({@code Accept: application/json;as=Table;...}). */
    public boolean wantsTable() {
        return header("accept").map(a -> a.contains("as=Table")).orElse(false);
    }

    public boolean isWebSocketUpgrade() {
        return header("upgrade").map(u -> u.equalsIgnoreCase("websocket")).orElse(false);
    }
}
