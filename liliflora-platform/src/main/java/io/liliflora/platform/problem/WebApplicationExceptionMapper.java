package io.liliflora.platform.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The runtime's own errors (unknown path, wrong method, unreadable body) as problems. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
        if (status >= 500) {
            return UnexpectedExceptionMapper.unexpected(e);
        }
        if (UnreadableBody.isCause(e)) {
            return ProblemResponses.of(UnreadableBody.problem());
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String kind = kindOf(status);
        Problem problem = new Problem(kind, title, status, detailOf(status));
        Response.ResponseBuilder builder = Response.fromResponse(ProblemResponses.of(problem));
        if (e.getResponse() != null && e.getResponse().getHeaderString("Allow") != null) {
            builder.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return builder.build();
    }

    static String kindOf(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }

    private static String detailOf(int status) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This resource does not support that method";
            case 415 -> "Send application/json";
            case 406 -> "This resource answers application/json";
            default -> null;
        };
    }
}
