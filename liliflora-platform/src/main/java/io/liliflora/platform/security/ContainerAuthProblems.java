package io.liliflora.platform.security;

import io.liliflora.platform.problem.Problem;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The server refuses a missing, forged or expired token (MP JWT) before any application code
 * runs, with an empty 401. This page, registered as the error page for 401 and 403 in the
 * jar's web-fragment.xml, turns those into the problem documents every other error is.
 */
public class ContainerAuthProblems extends HttpServlet {

    private static final Jsonb JSON = JsonbBuilder.create();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus();
        Problem problem = status == 403
                ? new Problem("forbidden", "Forbidden", 403, "This token's roles do not allow this call")
                : new Problem("unauthorized", "Unauthorized", 401,
                        "Send a valid access token: Authorization: Bearer <token> (log in at /user/login)");
        response.setStatus(problem.getStatus());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.toJson(problem));
    }
}
