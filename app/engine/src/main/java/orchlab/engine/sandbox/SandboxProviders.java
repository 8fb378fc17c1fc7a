package orchlab.engine.sandbox;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import orchlab.engine.course.SandboxKind;

/** Every sandbox provider on the class path, and the choice of a default one. */
public final class SandboxProviders {
    private final List<SandboxProvider> providers;

    public SandboxProviders(List<SandboxProvider> providers) {
        this.providers = providers.stream().sorted(Comparator.comparingInt(SandboxProvider::preference)).toList();
    }

    public static SandboxProviders discover() {
        return new SandboxProviders(ServiceLoader.load(SandboxProvider.class, SandboxProviders.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList());
    }

    public List<SandboxProvider> all() {
        return providers;
    }

    public Optional<SandboxProvider> find(String type) {
        return providers.stream().filter(p -> p.type().equals(type)).findFirst();
    }

    public List<String> types() {
        return providers.stream().map(SandboxProvider::type).toList();
    }

    /**
     * The first provider of this kind, by preference, whose probe says yes — k3s when Docker and the
     * image are there, else the simulated cluster — with the reasons the better ones were skipped.
     * The {@code kubeconfig} provider is only used when asked for: the lab never picks a user's
     * cluster by itself.
     */
    public Choice chooseDefault(SandboxKind kind, SandboxOptions options) {
        StringBuilder skipped = new StringBuilder();
        for (SandboxProvider provider : providers) {
            if (provider.kind() != kind || provider.type().equals("kubeconfig")) {
                continue;
            }
            SandboxProvider.Availability availability = provider.probe(options);
            if (availability.available()) {
                return new Choice(Optional.of(provider), skipped.toString().trim());
            }
            skipped.append(provider.type()).append(": ").append(availability.reason()).append(". ");
        }
        return new Choice(Optional.empty(), skipped.toString().trim());
    }

    /** A default provider, and why better ones were not taken ("k3s: Docker is not running — ..."). */
    public record Choice(Optional<SandboxProvider> provider, String whyNotBetter) {
    }
}
