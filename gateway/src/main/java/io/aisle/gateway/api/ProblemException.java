package io.aisle.gateway.api;

import io.aisle.contracts.problem.Problem;

/** A failure that already knows its problem answer. */
public final class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
