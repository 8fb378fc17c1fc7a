package orchlab.desktop.strays;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an exception a test (or every test of a class) makes the app log, print or leave uncaught on purpose — a
 * broken pack, Docker not running — so that {@link StrayExceptions} does not fail it. Everything else that reaches an
 * uncaught-exception handler, the app's log at WARN/ERROR with a throwable, or {@code System.err} as a stack trace fails
 * the test that was running.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(ExpectsLoggedException.List.class)
public @interface ExpectsLoggedException {
    /** The exception's class (or a superclass of it). */
    Class<? extends Throwable> type();

    /** Words the exception's message contains. */
    String message();

    /** Why the test makes it happen (for the reader; not checked). */
    String because();

    /** The container of repeated {@link ExpectsLoggedException}s. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface List {
        ExpectsLoggedException[] value();
    }
}
