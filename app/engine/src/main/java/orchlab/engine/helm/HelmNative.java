package orchlab.engine.helm;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Loads helm-java's native Helm library once per JVM, choosing the one built for this machine.
 *
 * <p>helm-java's own {@code NativeLibrary.getInstance()} takes the first library on the class path whatever its
 * platform, and otherwise downloads one from Maven Central; a lab distribution that carries every platform's
 * library, or a laptop offline, needs neither. This picks by operating system and architecture and never
 * downloads; when nothing fits it says so in one sentence.
 */
public final class HelmNative {

    private static final Object LOCK = new Object();
    private static volatile HelmLib lib;
    private static volatile String failure;

    private HelmNative() {
    }

    /** The file name helm-java gives this platform's library ({@code helm-linux-amd64.so}), or empty when it has none. */
    static String binaryNameFor(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String platform = os.contains("win") ? "windows" : os.contains("mac") || os.contains("darwin") ? "darwin"
                : os.contains("linux") ? "linux" : "";
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> "";
        };
        if (platform.isEmpty() || arch.isEmpty()) {
            return "";
        }
        String extension = switch (platform) {
            case "windows" -> ".dll";
            case "darwin" -> ".dylib";
            default -> ".so";
        };
        return "helm-" + platform + "-" + arch + extension;
    }

    /** Helm for this machine, loaded on first use. */
    public static HelmLib load() throws HelmUnavailableException {
        HelmLib loaded = lib;
        if (loaded != null) {
            return loaded;
        }
        synchronized (LOCK) {
            if (lib != null) {
                return lib;
            }
            if (failure != null) {
                throw new HelmUnavailableException(failure);
            }
            String os = System.getProperty("os.name");
            String arch = System.getProperty("os.arch");
            String wanted = binaryNameFor(os, arch);
            List<String> found = new ArrayList<>();
            try {
                for (NativeLibrary candidate : ServiceLoader.load(NativeLibrary.class, HelmNative.class.getClassLoader())) {
                    found.add(candidate.getBinaryName());
                    if (!wanted.isEmpty() && candidate.getBinaryName().startsWith(wanted.substring(0, wanted.lastIndexOf('.')))) {
                        lib = candidate.load();
                        return lib;
                    }
                }
                failure = wanted.isEmpty()
                        ? "Helm is not available: the lab has no Helm library for " + os + " on " + arch + "."
                        : "Helm is not available: this build of the lab has no Helm library for " + os + " on " + arch
                                + " (" + wanted + "; it has " + (found.isEmpty() ? "none" : String.join(", ", found))
                                + ") — rebuild it on this machine, or with -Dhelm.natives=all.";
            } catch (RuntimeException | LinkageError e) {
                failure = "Helm is not available: its native library (" + wanted + ") did not load on this machine: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            throw new HelmUnavailableException(failure);
        }
    }
}
