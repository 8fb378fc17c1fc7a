package orchlab.engine.live;

/** The badge of an object in the cluster view. */
public enum Health {
    /** Running and ready, complete, bound: nothing to do. */
    OK,
    /** On its way: pending, creating containers, rolling out, terminating. */
    PROGRESSING,
    /** Needs the learner: image cannot be pulled, crash loop, failed job, lost volume. */
    FAILING,
    /** The cluster does not say (pod phase Unknown, a node that stopped reporting). */
    UNKNOWN
}
