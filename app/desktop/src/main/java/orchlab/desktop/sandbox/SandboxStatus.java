package orchlab.desktop.sandbox;

import orchlab.engine.course.SandboxKind;

/**
 * What the status bar shows about one kind of sandbox.
 *
 * @param type        {@code k3s}, {@code sim}, {@code kubeconfig}, {@code docker}; empty while none is chosen
 * @param headline    short text for the bar ("Simulated cluster", "k3s v1.31.5 in Docker", "Docker 24.0.7")
 * @param explanation one or two sentences: what it means, and how to get something better
 * @param simulated   workloads do not really run (the sim)
 */
public record SandboxStatus(SandboxKind kind, State state, String type, String headline, String explanation,
                            boolean simulated) {

    public enum State { STARTING, RUNNING, DOWN, STOPPED, UNAVAILABLE }

    public static SandboxStatus stopped(SandboxKind kind) {
        return new SandboxStatus(kind, State.STOPPED, "", kind == SandboxKind.DOCKER ? "Docker not connected" : "No cluster",
                "", false);
    }

    public boolean running() {
        return state == State.RUNNING;
    }
}
