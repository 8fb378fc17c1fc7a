package orchlab.testkit;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints why a test was skipped (a failed JUnit assumption: no Docker, no k3s image, no display)
 * where CI logs show it, so a skip is never silent. Registered for every test through JUnit's
 * extension auto-detection.
 */
public final class SkipReporter implements TestWatcher {

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
        System.out.println("SKIPPED " + name + " — " + (cause == null ? "assumption failed" : cause.getMessage()));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        System.out.println("SKIPPED " + context.getDisplayName() + " — " + reason.orElse("disabled"));
    }
}
