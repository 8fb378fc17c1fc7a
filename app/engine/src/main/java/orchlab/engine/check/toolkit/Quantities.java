package orchlab.engine.check.toolkit;

import orchlab.engine.check.*;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities compared by amount: {@code 0.25} equals {@code 250m},
 * {@code 1Gi} equals {@code 1024Mi}. Parsing is fabric8's {@link Quantity}; this class only decides
 * when a value looks like a quantity at all.
 */
public final class Quantities {
    private static final Pattern QUANTITY = Pattern.compile(
            "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$");

    private Quantities() {
    }

    public static boolean looksLikeQuantity(String text) {
        return text != null && QUANTITY.matcher(text.trim()).matches();
    }

    /** The amount in base units (cores, bytes), if the text is a quantity. */
    public static Optional<BigDecimal> amount(String text) {
        if (!looksLikeQuantity(text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Quantity.getAmountInBytes(Quantity.parse(text.trim())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when both are quantities of the same amount. */
    public static boolean sameAmount(String a, String b) {
        Optional<BigDecimal> x = amount(a);
        Optional<BigDecimal> y = amount(b);
        return x.isPresent() && y.isPresent() && x.get().compareTo(y.get()) == 0;
    }
}
