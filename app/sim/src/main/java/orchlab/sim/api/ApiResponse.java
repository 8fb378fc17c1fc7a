package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete (non-streaming) response. */
public record ApiResponse(int code, String contentType, byte[] body, Map<String, String> headers) {

    public static ApiResponse json(int code, JsonNode body) {
        return new ApiResponse(code, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static ApiResponse text(int code, String text) {
        return new ApiResponse(code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static ApiResponse error(ApiException e) {
        return json(e.code(), e.toStatus());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(code, contentType, body, copy);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
