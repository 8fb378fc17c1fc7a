package orchlab.engine.check;

/**
 * What a check kind reads. A grader, an instructor or CI grades live state however it got there, without the
 * learner's files: {@code lab check} without {@code --workspace} runs LIVE checks only and lists WORKSPACE checks as
 * skipped (not scored). The app always has a workspace.
 */
public enum Scope {
    /** live state: a cluster, a Docker engine, a Helm release */
    LIVE,
    /** the learner's files ({@code file}, {@code dockerfile}) */
    WORKSPACE
}
