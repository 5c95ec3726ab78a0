package io.ssegateway.gateway.observe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The configuration the gateway runs and how its last reload went, for {@code /observe/health} and the dashboard.
 *
 * @param generation the config generation new streams get (1 at start, one more for each reload that applied)
 * @param loadedAt   when that generation was loaded
 * @param last       the last reload, if there was one
 */
public record ReloadState(long generation, Instant loadedAt, Optional<Last> last) {
    /**
     * The last reload for a person: its outcome and generation on the first line, then each problem or key that
     * needs a restart on a line of its own.
     */
    public String describe() {
        if (last.isEmpty()) {
            return "no reload yet: generation " + generation + " loaded at " + loadedAt + "\n";
        }
        Last reload = last.get();
        StringBuilder text = new StringBuilder();
        switch (reload.outcome()) {
        case "applied" -> text.append("reload applied: generation ").append(generation).append(" serves new streams");
        case "unchanged" -> text.append("reload found nothing to change: generation ").append(generation).append(" stays");
        default -> text.append("reload failed, nothing changed: generation ").append(generation).append(" stays");
        }
        text.append('\n');
        reload.problems().forEach(problem -> text.append("  - ").append(problem).append('\n'));
        if (!reload.restart().isEmpty()) {
            text.append("needing a restart (not applied):\n");
            reload.restart().forEach(key -> text.append("  - ").append(key).append('\n'));
        }
        return text.toString();
    }

    /**
     * One reload.
     *
     * @param outcome  {@code applied}, {@code unchanged} or {@code failed}
     * @param at       when it finished
     * @param problems why it failed (empty unless failed)
     * @param restart  changed keys that only take effect after a restart
     */
    public record Last(String outcome, Instant at, List<String> problems, List<String> restart) {
        /** Copies the lists. */
        public Last {
            problems = List.copyOf(problems);
            restart = List.copyOf(restart);
        }
    }
}
