package orchlab.testkit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints why a test or a whole test class was skipped (a failed JUnit assumption: no Docker engine,
 * no k3s image, no kubectl, no display) where CI logs show it, so a skip is never silent.
 * Registered with the JUnit Platform launcher through {@code META-INF/services}, so every module
 * with testkit on its test class path reports skips the same way.
 */
public final class SkipReporter implements TestExecutionListener {
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String why = result.getThrowable().map(Throwable::getMessage).orElse("assumption failed");
            System.out.println("SKIPPED " + (test.isContainer() ? "all of " : "") + name(test) + " — " + why);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        System.out.println("SKIPPED " + name(test) + " — " + reason);
    }

    private String name(TestIdentifier test) {
        if (test.isContainer() || plan == null) {
            return test.getDisplayName();
        }
        return plan.getParent(test).map(parent -> parent.getDisplayName() + ".").orElse("") + test.getDisplayName();
    }
}
