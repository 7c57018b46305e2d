package io.liliflora.order.drill;

import io.liliflora.order.OrderTimers;
import jakarta.ejb.Timer;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Test deployments only (never in order.war as built): stores orders due at a given instant
 * through {@link DrillOrders}, pays one, or runs a timer's info as a fired timer would.
 * <pre>
 * POST /order/test-drill/pending?user=U&amp;n=N&amp;due=EPOCH_MILLIS&amp;per-tx=250  -> ids, one a line
 * POST /order/test-drill/pay?user=U&amp;id=ID
 * POST /order/test-drill/fire?info=PAID&gt;SHIPPING:ID   (a timer of the previous build)
 * </pre>
 */
@WebServlet("/test-drill/*")
public class TimerDrill extends HttpServlet {

    @Inject
    DrillOrders orders;

    @Inject
    OrderTimers timers;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = request.getPathInfo() == null ? "" : request.getPathInfo();
        response.setContentType("text/plain");
        switch (action) {
            case "/pending" -> {
                String user = request.getParameter("user");
                int n = Integer.parseInt(request.getParameter("n"));
                int perTx = request.getParameter("per-tx") == null ? n : Integer.parseInt(request.getParameter("per-tx"));
                Instant due = Instant.ofEpochMilli(Long.parseLong(request.getParameter("due")));
                StringBuilder out = new StringBuilder();
                for (int done = 0; done < n; done += perTx) {
                    List<String> ids = orders.pending(user, Math.min(perTx, n - done), due);
                    ids.forEach(id -> out.append(id).append('\n'));
                }
                response.getWriter().write(out.toString());
            }
            case "/pay" -> orders.pay(request.getParameter("id"), request.getParameter("user"));
            case "/fire" -> timers.due(new InfoOnly(request.getParameter("info")));
            default -> response.sendError(404);
        }
    }

    /** What a fired timer shows its timeout method: its info. */
    private record InfoOnly(String info) implements Timer {
        @Override public java.io.Serializable getInfo() { return info; }
        @Override public void cancel() { throw new UnsupportedOperationException(); }
        @Override public long getTimeRemaining() { return 0; }
        @Override public java.util.Date getNextTimeout() { return new java.util.Date(); }
        @Override public jakarta.ejb.ScheduleExpression getSchedule() { throw new IllegalStateException(); }
        @Override public boolean isPersistent() { return true; }
        @Override public boolean isCalendarTimer() { return false; }
        @Override public jakarta.ejb.TimerHandle getHandle() { throw new UnsupportedOperationException(); }
    }
}
