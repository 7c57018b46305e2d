package io.liliflora.platform.problem;

import java.time.Duration;
import java.util.List;

/**
 * Thrown anywhere in a request to answer with a problem document. Carries what the response
 * needs (status, kind, optional Retry-After) so resources never build error responses by hand.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Duration retryAfter;

    public ProblemException(int status, String kind, String title, String detail) {
        this(new Problem(kind, title, status, detail), null);
    }

    public ProblemException(Problem problem, Duration retryAfter) {
        super(problem.getDetail() != null ? problem.getDetail() : problem.getTitle(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() { return problem; }

    public Duration retryAfter() { return retryAfter; }

    public ProblemException retryAfter(Duration after) {
        return new ProblemException(problem, after);
    }

    public static ProblemException badRequest(String kind, String detail) {
        return new ProblemException(400, kind, "Bad request", detail);
    }

    public static ProblemException validation(List<Problem.FieldError> errors) {
        Problem p = new Problem("validation", "Invalid input", 400,
                errors.size() + " field(s) failed validation");
        p.setErrors(errors);
        return new ProblemException(p, null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }

    public static ProblemException conflict(String kind, String detail) {
        return new ProblemException(409, kind, "Conflict", detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(new Problem("too-many-requests", "Too many requests", 429, detail), retryAfter);
    }

    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(new Problem("service-unavailable", "Service unavailable", 503, detail), retryAfter);
    }
}
