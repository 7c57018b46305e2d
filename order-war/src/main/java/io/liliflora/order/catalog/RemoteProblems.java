package io.liliflora.order.catalog;

import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns another service's answer into an exception. A problem+json business answer (404, 409,
 * 422, 503 with Retry-After) passes through to our caller unchanged as a {@link ProblemException};
 * anything else (5xx, a server without the app, refused credentials) means the dependency is not
 * usable right now: {@link DependencyDown}, which the fault-tolerance policies retry and count.
 */
public class RemoteProblems implements ResponseExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(RemoteProblems.class.getName());

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        String type = response.getHeaderString("Content-Type");
        boolean problem = type != null && type.startsWith(Problem.MEDIA_TYPE);
        if (problem && status != 401 && status != 403 && status != 500) {
            try {
                // The client's own JSON-B reader: a Jsonb built here would look its provider up
                // through whatever context class loader the calling thread happens to carry.
                Problem p = response.readEntity(Problem.class);
                String retryAfter = response.getHeaderString("Retry-After");
                return new ProblemException(p, retryAfter == null ? null : Duration.ofSeconds(Long.parseLong(retryAfter.trim())));
            } catch (RuntimeException unreadable) {
                return new DependencyDown("Unreadable problem answer " + status);
            }
        }
        // An operator must see why a dependency counts as down (wrong URL, refused service token...).
        LOG.warning(() -> "Dependency answered " + status + " (" + type + "); treating it as unavailable");
        return new DependencyDown("Answer " + status + " from a dependency");
    }
}
