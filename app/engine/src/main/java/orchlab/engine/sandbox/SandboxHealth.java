package orchlab.engine.sandbox;

/** Whether a sandbox answers, and a sentence for the status bar. */
public record SandboxHealth(boolean healthy, String message) {
    public static SandboxHealth ok(String message) {
        return new SandboxHealth(true, message);
    }

    public static SandboxHealth down(String message) {
        return new SandboxHealth(false, message);
    }
}
