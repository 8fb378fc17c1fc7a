package orchlab.engine.istio;

/**
 * One analyzer message, as {@code istioctl analyze} prints it: {@code Error [IST0101] (VirtualService ns/name
 * file.yaml:24) Referenced host not found: "my-app"}, plus the field it is about and how to fix it.
 *
 * @param code     Istio's message code ({@code IST0101}), as in Istio {@value IstioCrds#ISTIO_VERSION}
 * @param name     Istio's message name ({@code ReferencedResourceNotFound})
 * @param severity Istio's level for the code
 * @param object   the object reported ({@code VirtualService shop/my-app})
 * @param field    the field path inside it ({@code spec.http[0].route[1].destination.subset}); empty for the whole object
 * @param origin   {@code file:line} when the object was read from a file, else empty
 * @param message  Istio's message text
 * @param fix      what to change
 */
public record Finding(String code, String name, Severity severity, String object, String field, String origin,
                      String message, String fix) {

    /** Istio's message levels. */
    public enum Severity {
        ERROR("Error"), WARNING("Warning"), INFO("Info");

        private final String label;

        Severity(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The line {@code istioctl analyze} prints for this message. */
    public String istioLine() {
        return severity.label() + " [" + code + "] (" + object + (origin.isEmpty() ? "" : " " + origin) + ") " + message;
    }
}
