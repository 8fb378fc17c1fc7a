package orchlab.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.sim.api.SimTls;

/**
 * The simulated cluster's serving key and certificate, kept in its state folder between starts as k3s keeps its own in
 * its data folder ({@code server/tls/}): a start that finds a usable one reads it with the JDK's classes (a few
 * milliseconds) instead of making a key pair and a certificate with Bouncy Castle (its ~200 classes, the larger part
 * of the TLS set-up of a cold start). The per-start bearer token is what authenticates; the certificate only proves
 * the server to clients that pin it ({@code certificate-authority-data}).
 *
 * <p>One file, {@value #FILE}, holds the key and the certificate (PEM), written atomically and readable by its owner
 * only, so a reader never pairs one start's key with another start's certificate. It is made again when it is
 * missing, unreadable or not a key and certificate that belong together, readable by other users (then the key may
 * have leaked), valid for less than {@link #RENEW_BEFORE} more (or not yet valid), or not for the names the server
 * is reached by ({@link SimTls#LOOPBACK_NAMES}). A file that cannot be written does not stop the start: the new
 * certificate is used for this start only.
 */
final class ServingCertificate {

    static final String FILE = "sim-tls.pem";
    /** A kept certificate that expires within this is made again (the lab's own lasts ten years). */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** The identity to serve with, and where it came from (for {@code -Dorchlab.sim.startTrace=true}). */
    record Kept(SimTls tls, boolean reused, String origin) {
    }

    private ServingCertificate() {
    }

    /** The certificate kept in {@code stateDir} for the lab's own loopback cluster, or a new one kept there. */
    static Kept in(Path stateDir, Instant now) {
        return keptIn(stateDir.resolve(FILE), SimTls.LOOPBACK_NAMES, now);
    }

    static Kept keptIn(Path file, List<String> names, Instant now) {
        Optional<String> whyNew;
        SimTls kept = null;
        try {
            kept = read(file);
            whyNew = unusable(kept, names, now);
        } catch (NoSuchFileException e) {
            whyNew = Optional.of("none kept yet");
        } catch (Refused e) {
            whyNew = Optional.of(e.getMessage());
        } catch (IOException e) {
            whyNew = Optional.of("it could not be read (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            whyNew = Optional.of("it is not a usable key and certificate (" + e.getMessage() + ")");
        }
        if (whyNew.isEmpty()) {
            return new Kept(kept, true, "reused " + file);
        }
        SimTls made = SimTls.generate(names, now);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            PrivateFiles.write(file.toAbsolutePath(), made.toPem().getBytes(StandardCharsets.US_ASCII));
            return new Kept(made, false, "made new (" + whyNew.get() + "), kept in " + file);
        } catch (IOException | RuntimeException e) {
            return new Kept(made, false, "made new (" + whyNew.get() + "), not kept: " + file + " could not be written ("
                    + e.getMessage() + ")");
        }
    }

    private static SimTls read(Path file) throws IOException, GeneralSecurityException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new Refused("it is not a file");
        }
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new Refused("other users could read or change it (" + java.nio.file.attribute.PosixFilePermissions
                        .toString(permissions) + ")");
            }
        }
        return SimTls.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
    }

    private static Optional<String> unusable(SimTls tls, List<String> names, Instant now) {
        Instant notAfter = tls.certificate().getNotAfter().toInstant();
        Instant notBefore = tls.certificate().getNotBefore().toInstant();
        if (notAfter.isBefore(now.plus(RENEW_BEFORE))) {
            return Optional.of(notAfter.isBefore(now) ? "it expired on " + notAfter : "it expires on " + notAfter);
        }
        if (notBefore.isAfter(now)) {
            return Optional.of("it is not valid before " + notBefore);
        }
        if (!tls.isFor(names)) {
            return Optional.of("it is not for " + String.join(", ", names));
        }
        return Optional.empty();
    }

    /** A kept file refused before it is parsed. */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }
}
