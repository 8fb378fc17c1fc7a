package orchlab.engine.helm;

import java.util.List;

/** What {@code helm lint} said: every message, and whether Helm counts the chart as failing. */
public record LintReport(List<HelmMessage> messages, boolean failed) {

    public LintReport {
        messages = List.copyOf(messages);
    }

    public List<HelmMessage> errors() {
        return messages.stream().filter(m -> m.severity() == HelmMessage.Severity.ERROR).toList();
    }

    /** No message at all, not even INFO or WARNING. */
    public boolean clean() {
        return messages.isEmpty();
    }
}
