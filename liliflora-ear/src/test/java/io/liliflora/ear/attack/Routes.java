package io.liliflora.ear.attack;

import static io.liliflora.ear.attack.Access.ADMIN;
import static io.liliflora.ear.attack.Access.ANYONE;
import static io.liliflora.ear.attack.Access.SERVICE;
import static io.liliflora.ear.attack.Access.SHOPPER;
import static io.liliflora.ear.attack.Access.SIGNED_IN;

import java.util.List;

/**
 * Every endpoint of every WAR (SPEC.md's tables plus the internal APIs of docs/internal-api.md),
 * the one table the attack suite drives its token, authorisation and input checks from. A new
 * endpoint belongs here, and then every check covers it.
 */
public final class Routes {

    private Routes() {
    }

    private static final String LINES = "{\"items\":[{\"productId\":{product},\"quantity\":1}]}";

    public static final List<Route> ALL = List.of(
            // user-war
            new Route("POST", "/user/email-verifications", ANYONE, "{\"email\":\"route-probe@liliflora.test\"}"),
            new Route("POST", "/user/email-verifications/confirm", ANYONE,
                    "{\"email\":\"route-probe@liliflora.test\",\"code\":\"000000\"}"),
            new Route("POST", "/user/signup", ANYONE, "{\"email\":\"route-probe@liliflora.test\",\"password\":\"Lily-flora-9\","
                    + "\"name\":\"Kim Lily\",\"phone\":\"010-1234-5678\",\"address\":\"1 Flower Road\"}"),
            new Route("POST", "/user/login", ANYONE, "{\"email\":\"route-probe@liliflora.test\",\"password\":\"Lily-flora-9\"}"),
            new Route("POST", "/user/token", ANYONE, "{\"refreshToken\":\"not-a-refresh-token\"}"),
            new Route("GET", "/user/me", SIGNED_IN, null),
            new Route("PATCH", "/user/me", SIGNED_IN, "{\"name\":\"Kim Lily\"}"),
            // a new password that breaks the rule: passes authorisation, changes nothing
            new Route("PUT", "/user/me/password", SIGNED_IN, "{\"currentPassword\":\"Lily-flora-9\",\"newPassword\":\"short\"}"),
            new Route("GET", "/user/internal/users/{user}/shipping", SERVICE, null),
            // catalog-war
            new Route("GET", "/catalog/products", ANYONE, null),
            new Route("GET", "/catalog/products/{product}", ANYONE, null),
            new Route("GET", "/catalog/time", ANYONE, null),
            new Route("POST", "/catalog/products", ADMIN, "{\"name\":\"Route tulip\",\"description\":\"d\",\"category\":\"flowers\","
                    + "\"price\":1000,\"saleType\":\"NORMAL\",\"stock\":1}"),
            new Route("PATCH", "/catalog/products/{product}", ADMIN, "{\"description\":\"Edited by the route table\"}"),
            new Route("POST", "/catalog/products/{product}/stock", ADMIN, "{\"add\":1}"),
            new Route("GET", "/catalog/products/{product}/stock", ADMIN, null),
            new Route("POST", "/catalog/internal/reservations", SERVICE,
                    "{\"orderId\":\"route-probe\",\"userId\":\"{user}\",\"items\":[{\"productId\":{product},\"quantity\":1}]}"),
            new Route("POST", "/catalog/internal/reservations/{order}/confirm", SERVICE, null),
            new Route("POST", "/catalog/internal/reservations/{order}/release", SERVICE, null),
            new Route("POST", "/catalog/internal/reservations/{order}/restock", SERVICE, null),
            new Route("GET", "/catalog/internal/products?ids={product}", SERVICE, null),
            // order-war
            new Route("GET", "/order/wishlist", SHOPPER, null),
            new Route("PUT", "/order/wishlist/items/{product}", SHOPPER, "{\"quantity\":1}"),
            new Route("DELETE", "/order/wishlist/items/{product}", SHOPPER, null),
            new Route("POST", "/order/wishlist/checkout", SHOPPER, null),
            new Route("POST", "/order/orders", SHOPPER, LINES),
            new Route("GET", "/order/orders", SHOPPER, null),
            new Route("GET", "/order/orders/{order}", SHOPPER, null),
            new Route("POST", "/order/orders/{order}/payment", SHOPPER, "{\"paymentToken\":\"tok_declined\"}"),
            new Route("POST", "/order/orders/{order}/cancel", SHOPPER, null),
            new Route("POST", "/order/orders/{order}/return", SHOPPER, null),
            // user-war, last: it ends the caller's session
            new Route("POST", "/user/logout", SIGNED_IN, null));

    public static List<Route> protectedRoutes() {
        return ALL.stream().filter(Route::protectedRoute).toList();
    }

    public static List<Route> withBody() {
        return ALL.stream().filter(Route::hasBody).toList();
    }
}
