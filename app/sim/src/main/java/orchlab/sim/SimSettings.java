package orchlab.sim;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import orchlab.engine.sandbox.SandboxException;

/**
 * Settings of the simulated cluster ({@code SandboxOptions.settings}).
 *
 * @param port            API server port on 127.0.0.1 ({@code port}, 0 = any free port)
 * @param persist         save all objects on close and restore them on open ({@code persist=true})
 * @param podStartDelay   how long a pod spends in ContainerCreating ({@code podStartDelay}, e.g. {@code 2s}; 0 in tests)
 * @param untaggedImagesFail whether an image without tag is treated as not pullable ({@code untaggedImages=fail})
 *                        or as {@code :latest} like a real cluster ({@code untaggedImages=latest}, the default)
 * @param imageCatalogs   files that add images to the simulated registry ({@code images}, paths separated by the
 *                        platform's path separator; a course pack's {@code sim-images.yaml})
 * @param unknownImagesFail whether an image the simulated registry does not know fails to pull ({@code unknownImages=fail})
 *                        or runs as a generic image ({@code unknownImages=run}, the default)
 * @param istioApi        whether the cluster starts with Istio's API ({@code IstioCrds}) served, as the lab's sim always
 *                        does; false starts a cluster without Istio, like a bare k3s (the k3s test stand-in)
 */
public record SimSettings(int port, boolean persist, Duration podStartDelay, boolean untaggedImagesFail,
                          java.util.List<java.nio.file.Path> imageCatalogs, boolean unknownImagesFail, boolean istioApi) {

    public SimSettings {
        imageCatalogs = java.util.List.copyOf(imageCatalogs);
    }

    public static final Duration DEFAULT_POD_START_DELAY = Duration.ofSeconds(2);

    public static SimSettings defaults() {
        return new SimSettings(0, false, DEFAULT_POD_START_DELAY, false, java.util.List.of(), false, true);
    }

    /** Settings for tests: any port, no delays, no persistence. */
    public static SimSettings instant() {
        return new SimSettings(0, false, Duration.ZERO, false, java.util.List.of(), false, true);
    }

    public SimSettings withPodStartDelay(Duration delay) {
        return new SimSettings(port, persist, delay, untaggedImagesFail, imageCatalogs, unknownImagesFail, istioApi);
    }

    public SimSettings withImages(java.util.List<java.nio.file.Path> files, boolean unknownFail) {
        return new SimSettings(port, persist, podStartDelay, untaggedImagesFail, files, unknownFail, istioApi);
    }

    public SimSettings withUntaggedImagesFail(boolean fail) {
        return new SimSettings(port, persist, podStartDelay, fail, imageCatalogs, unknownImagesFail, istioApi);
    }

    /** A cluster that starts without Istio's API, as a bare k3s does (the k3s test stand-in). */
    public SimSettings withoutIstioApi() {
        return new SimSettings(port, persist, podStartDelay, untaggedImagesFail, imageCatalogs, unknownImagesFail, false);
    }

    public static SimSettings from(Map<String, String> settings) throws SandboxException {
        SimSettings d = defaults();
        int port = d.port();
        String portText = settings.get("port");
        if (portText != null && !portText.isBlank()) {
            try {
                port = Integer.parseInt(portText.trim());
            } catch (NumberFormatException e) {
                throw new SandboxException("The sim setting port=\"" + portText + "\" is not a number — use a port like 6443, or 0 for any free port.");
            }
            if (port < 0 || port > 65535) {
                throw new SandboxException("The sim setting port=" + port + " is out of range — use 1-65535, or 0 for any free port.");
            }
        }
        boolean persist = "true".equalsIgnoreCase(settings.getOrDefault("persist", "false").trim());
        Duration delay = d.podStartDelay();
        String delayText = settings.get("podStartDelay");
        if (delayText != null && !delayText.isBlank()) {
            delay = parseDuration(delayText.trim());
        }
        String untagged = settings.getOrDefault("untaggedImages", "latest").trim().toLowerCase(Locale.ROOT);
        if (!untagged.equals("fail") && !untagged.equals("latest")) {
            throw new SandboxException("The sim setting untaggedImages=\"" + untagged + "\" is not known — use fail or latest.");
        }
        String unknown = settings.getOrDefault("unknownImages", "run").trim().toLowerCase(Locale.ROOT);
        if (!unknown.equals("fail") && !unknown.equals("run")) {
            throw new SandboxException("The sim setting unknownImages=\"" + unknown + "\" is not known — use run or fail.");
        }
        java.util.List<java.nio.file.Path> images = new java.util.ArrayList<>();
        for (String file : settings.getOrDefault("images", "").split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
            if (!file.isBlank()) {
                java.nio.file.Path path = java.nio.file.Path.of(file.trim());
                if (!java.nio.file.Files.isRegularFile(path)) {
                    throw new SandboxException("The sim setting images names " + path + ", which is not a file — give the path of an "
                            + "image catalogue (see sim-images.yaml in course-format.md).");
                }
                try {
                    orchlab.sim.registry.ImageCatalog.validate(java.nio.file.Files.readString(path), path.toString());
                } catch (java.io.IOException | IllegalArgumentException e) {
                    throw new SandboxException(e instanceof IllegalArgumentException ? e.getMessage()
                            : "Cannot read the image catalogue " + path + ": " + e.getMessage());
                }
                images.add(path);
            }
        }
        return new SimSettings(port, persist, delay, untagged.equals("fail"), images, unknown.equals("fail"), true);
    }

    /** {@code 0}, {@code 500ms}, {@code 2s}, {@code 1m}. */
    static Duration parseDuration(String text) throws SandboxException {
        try {
            if (text.equals("0")) {
                return Duration.ZERO;
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            if (text.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)) * 60);
            }
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new SandboxException("The sim setting podStartDelay=\"" + text + "\" is not a duration — use values like 0, 500ms or 2s.");
        }
    }
}
