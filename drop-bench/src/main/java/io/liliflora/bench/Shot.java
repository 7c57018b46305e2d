package io.liliflora.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One answer as the benchmark sorts it: HTTP status, the problem kind (last segment of a problem
 * answer's {@code type}), the Location of a 201, and how long it took from send to last byte.
 * Status 0 is a transport failure (refused, reset, timed out).
 */
public record Shot(int status, String kind, String location, long startNanos, long latencyNanos) {

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"[^\"]*/([A-Za-z0-9-]+)\"");

    static Shot of(int status, String body, String location, long startNanos, long endNanos) {
        String kind = "";
        if (status >= 400 && body != null) {
            Matcher m = TYPE.matcher(body);
            if (m.find()) {
                kind = m.group(1);
            }
        }
        return new Shot(status, kind, location, startNanos, endNanos - startNanos);
    }

    static Shot failed(long startNanos, long endNanos) {
        return new Shot(0, "transport-error", null, startNanos, endNanos - startNanos);
    }

    /** The answer class a report line is about: {@code 201}, {@code 409 out-of-stock}, {@code 5xx} ... */
    public String outcome() {
        if (status == 0) {
            return "transport error";
        }
        if (status >= 500) {
            return status + (kind.isEmpty() ? "" : " " + kind);
        }
        return kind.isEmpty() ? String.valueOf(status) : status + " " + kind;
    }

    public boolean serverError() {
        return status == 0 || status >= 500;
    }
}
