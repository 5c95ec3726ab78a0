package io.ssegateway.gateway.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every config problem as {@code <hocon path>: <problem> (got: <value>)}, to report them all at once. */
final class Problems implements ProblemSink {
    private final List<Problem> problems = new ArrayList<>();

    /**
     * Records a problem at a path with the offending value as text; the same problem again is recorded once (a
     * value in {@code route-defaults} is read by every route that inherits it).
     */
    @Override
    public void add(String path, String problem, String got) {
        String text = path + ": " + problem + " (got: " + got + ")";
        if (problems.stream().noneMatch(p -> p.text().equals(text))) {
            problems.add(new Problem(path, text, problems.size()));
        }
    }

    /** Whether nothing was recorded. */
    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The messages ordered by where their path appears in the config file, then in the order they were found. */
    List<String> inFileOrder(SourceLines lines) {
        return problems.stream()
                .sorted(Comparator.comparingInt((Problem p) -> lines.lineOf(p.path())).thenComparingInt(Problem::seq))
                .map(Problem::text)
                .toList();
    }

    private record Problem(String path, String text, int seq) {
    }
}
