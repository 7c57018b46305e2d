package io.liliflora.ear.attack;

import io.liliflora.testkit.Http;

/**
 * One endpoint of a WAR: method, path template, who may call it, and a well-formed body (null
 * when it takes none). Templates name the objects the suite plants: {@code {product}},
 * {@code {order}} (owned by the victim) and {@code {user}} (the victim's id).
 */
public record Route(String method, String path, Access access, String body) {

    /** The objects a route's placeholders stand for. */
    public record Targets(long product, String order, String user) {
    }

    public boolean hasBody() {
        return body != null;
    }

    /** A route on one object of a shopper's own (another shopper must get 404 there). */
    public boolean owned() {
        return path.contains("{order}");
    }

    public boolean protectedRoute() {
        return access != Access.ANYONE;
    }

    public boolean reads() {
        return method.equals("GET");
    }

    public String path(Targets t) {
        return fill(path, t);
    }

    public String body(Targets t) {
        return body == null ? null : fill(body, t);
    }

    /** Calls the route as {@code http} with its well-formed body. */
    public Http.Reply call(Http http, Targets t) {
        return http.send(method, path(t), body(t));
    }

    /** Calls the route as {@code http} with another body (sent as is). */
    public Http.Reply call(Http http, Targets t, String otherBody) {
        return http.send(method, path(t), otherBody);
    }

    private static String fill(String template, Targets t) {
        return template.replace("{product}", Long.toString(t.product()))
                .replace("{order}", t.order()).replace("{user}", t.user());
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
