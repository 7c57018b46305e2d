package io.liliflora.platform.problem;

import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** Builds the one response shape every error takes. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(Problem problem, Duration retryAfter) {
        Response.ResponseBuilder builder = Response.status(problem.getStatus())
                .type(Problem.MEDIA_TYPE)
                .entity(problem);
        if (retryAfter != null) {
            builder.header("Retry-After", retryAfterSeconds(retryAfter));
        }
        return builder.build();
    }

    /** Retry-After carries whole seconds: round up, and never tell a client to retry at once. */
    static long retryAfterSeconds(Duration after) {
        return Math.max(1, (after.toMillis() + 999) / 1000);
    }

    public static Response of(Problem problem) {
        return of(problem, null);
    }

    /** A refusal thrown as a {@link ProblemException}, with its Retry-After if it has one. */
    public static Response of(ProblemException refusal) {
        return of(refusal.problem(), refusal.retryAfter());
    }
}
