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
            builder.header("Retry-After", Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }
        return builder.build();
    }

    public static Response of(Problem problem) {
        return of(problem, null);
    }
}
