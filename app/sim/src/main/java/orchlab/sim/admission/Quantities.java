package orchlab.sim.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Resource quantities as Kubernetes' {@code resource.Quantity} adds and prints them: a sum keeps the format (binary
 * {@code Ki/Mi/Gi} or decimal {@code m/k/M/G}) of its first non-zero term, and {@link #toString()} is the canonical
 * form ({@code 1000m} → {@code 1}, {@code 1024Mi} → {@code 1Gi}, {@code 1500} bytes → {@code 1500}).
 */
public record Quantities(BigDecimal value, boolean binary) implements Comparable<Quantities> {

    public static final Quantities ZERO = new Quantities(BigDecimal.ZERO, false);
    public static final Quantities ONE = new Quantities(BigDecimal.ONE, false);

    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};

    /** Parses a quantity such as {@code 500m}, {@code 1Gi}, {@code 2}; a malformed one counts as zero (validation reports it). */
    public static Quantities parse(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? ZERO : parse(node.asText());
    }

    public static Quantities parse(String text) {
        try {
            BigDecimal amount = io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                    new io.fabric8.kubernetes.api.model.Quantity(text));
            return new Quantities(amount, text.trim().endsWith("i"));
        } catch (RuntimeException e) {
            return ZERO;
        }
    }

    public Quantities add(Quantities other) {
        boolean format = value.signum() == 0 ? other.binary : binary;
        return new Quantities(value.add(other.value), format);
    }

    public Quantities max(Quantities other) {
        return other.value.compareTo(value) > 0 ? other : this;
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    @Override
    public int compareTo(Quantities o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantities q && q.value.compareTo(value) == 0 && q.binary == binary;
    }

    @Override
    public int hashCode() {
        return value.stripTrailingZeros().hashCode() * 31 + (binary ? 1 : 0);
    }

    /** The canonical text, as {@code Quantity.String()} prints it. */
    @Override
    public String toString() {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal abs = value.abs();
        if (binary && isInteger(abs) && abs.compareTo(BigDecimal.valueOf(1024)) >= 0) {
            BigInteger n = abs.toBigIntegerExact();
            BigInteger k = BigInteger.valueOf(1024);
            int power = 0;
            while (power < BINARY.length - 1 && n.mod(k).signum() == 0) {
                n = n.divide(k);
                power++;
            }
            return (value.signum() < 0 ? "-" : "") + n + BINARY[power];
        }
        // decimal: the largest exponent (a multiple of 3, from n to E) that leaves an integer mantissa, rounded up to n
        BigDecimal nanos = abs.movePointRight(9).setScale(0, java.math.RoundingMode.CEILING);
        int index = 0;
        BigInteger n = nanos.toBigIntegerExact();
        BigInteger thousand = BigInteger.valueOf(1000);
        while (index < DECIMAL.length - 1 && n.mod(thousand).signum() == 0) {
            n = n.divide(thousand);
            index++;
        }
        return (value.signum() < 0 ? "-" : "") + n + DECIMAL[index];
    }

    private static boolean isInteger(BigDecimal d) {
        return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
    }
}
