package io.liliflora.platform.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Last resort. Bodies that could not be read are the client's fault (400); Redis or the database
 * down or timing out is a 503 + Retry-After (logged in one line); anything else is ours: logged
 * once with a correlation id the client gets back, and never a stack trace out.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        if (UnreadableBody.isCause(e)) {
            return ProblemResponses.of(UnreadableBody.problem());
        }
        if (DependencyOutage.isCause(e)) {
            LOG.warning("Dependency unavailable, answered 503: " + e);
            return ProblemResponses.of(DependencyOutage.problem(), DependencyOutage.RETRY_AFTER);
        }
        return unexpected(e);
    }

    static Response unexpected(Throwable e) {
        String correlationId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error, correlationId=" + correlationId, e);
        Problem problem = new Problem("internal-error", "Internal error", 500,
                "Something went wrong on our side; quote the correlation id when reporting it");
        problem.setCorrelationId(correlationId);
        return ProblemResponses.of(problem);
    }
}
