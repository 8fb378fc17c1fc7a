package orchlab.engine.sandbox;

/** Progress of a long operation (sandbox start, image build). Fraction is 0..1, or negative when unknown. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (fraction, message) -> { };

    void progress(double fraction, String message);
}
