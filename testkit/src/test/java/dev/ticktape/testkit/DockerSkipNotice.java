package dev.ticktape.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Says in the build log, in one line, why a Testcontainers suite is skipped: JUnit counts a class disabled by
 * {@code @Testcontainers(disabledWithoutDocker = true)} as skipped without printing the reason. Place it before
 * {@code @Testcontainers}; it never disables anything itself.
 */
final class DockerSkipNotice implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty() && !dockerAnswers()) {
            System.out.println("SKIPPED " + context.getDisplayName()
                    + ": no Docker engine answers here; this Testcontainers suite runs wherever one does");
        }
        return ConditionEvaluationResult.enabled("the Testcontainers condition decides");
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
