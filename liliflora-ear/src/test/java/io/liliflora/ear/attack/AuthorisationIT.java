package io.liliflora.ear.attack;

import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.ear.AssembledShop;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestTokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Object and function level authorisation over every route of {@link Routes}: anonymous, two
 * shoppers and the admin each call every route. Functions answer only their roles (401 without
 * a token, 403 for the wrong role, internal APIs for services only); objects answer only their
 * owner (404 for anyone else, as if absent), and the database shows no write across users.
 */
class AuthorisationIT extends AssembledShop {

    private enum Verdict { ALLOWED, UNAUTHENTICATED, FORBIDDEN, ABSENT }

    private enum Who { ANONYMOUS, VICTIM, INTRUDER, ADMIN }

    private static Cast cast;

    @BeforeAll
    static void cast() throws Exception {
        cast = Cast.assemble(shop, "Authorisation tulip");
    }

    private static Verdict expected(Route route, Who who) {
        if (route.access() == Access.ANYONE) {
            return Verdict.ALLOWED;
        }
        if (who == Who.ANONYMOUS) {
            return Verdict.UNAUTHENTICATED;
        }
        return switch (route.access()) {
            case SIGNED_IN -> Verdict.ALLOWED;
            case SHOPPER -> who == Who.ADMIN ? Verdict.FORBIDDEN
                    : who == Who.INTRUDER && route.owned() ? Verdict.ABSENT : Verdict.ALLOWED;
            case ADMIN -> who == Who.ADMIN ? Verdict.ALLOWED : Verdict.FORBIDDEN;
            default -> Verdict.FORBIDDEN;
        };
    }

    private static Http as(Cast cast, Who who) {
        return switch (who) {
            case ANONYMOUS -> shop.anonymous;
            case VICTIM -> cast.victim.http();
            case INTRUDER -> cast.intruder.http();
            case ADMIN -> cast.admin;
        };
    }

    /** Every route as {@code who}; returns what went against the table. Ends with a logout. */
    private static List<String> sweep(Cast cast, Who who) {
        List<String> wrong = new ArrayList<>();
        for (Route route : Routes.ALL) {
            if (route.access() == Access.ANYONE && !route.reads()) {
                continue; // credentials and signup: their own ITs; nothing to authorise
            }
            Verdict expected = expected(route, who);
            Http.Reply reply = route.call(as(cast, who), cast.targets);
            String what = who + " " + route + " -> " + reply;
            int status = reply.status();
            boolean ok = switch (expected) {
                // 503: a dependency too busy to answer (a loaded machine); never a 500
                case ALLOWED -> (status < 500 || status == 503) && status != 401 && status != 403 && status != 404;
                case UNAUTHENTICATED -> status == 401;
                case FORBIDDEN -> status == 403;
                case ABSENT -> status == 404;
            };
            if (!ok) {
                wrong.add("expected " + expected + ": " + what);
                continue;
            }
            if (expected == Verdict.FORBIDDEN || expected == Verdict.ABSENT) {
                assertProblem(reply, status, expected == Verdict.FORBIDDEN ? "forbidden" : "not-found");
            }
            if (who != Who.VICTIM && status < 300 && !reply.body().isEmpty()) {
                // Nothing of the victim's in anyone else's successful answer.
                for (String secret : List.of(cast.targets.order(), cast.victim.email())) {
                    if (reply.body().contains(secret)) {
                        wrong.add("leaks " + secret + ": " + what);
                    }
                }
            }
        }
        return wrong;
    }

    @Test
    void everyRouteWithEveryIdentityAnswersAsItsRolesAndOwnerSay() throws Exception {
        Cast cast = Cast.assemble(shop, "Sweep tulip");
        Footprint victim = Footprint.of(cast.victim.id());
        long products = TestDatabase.rows("catalog", "SELECT id FROM product").size();
        String product = TestDatabase.rows("catalog", "SELECT * FROM product WHERE id = ?", cast.targets.product()).toString();
        var ledger = shop.ledger(cast.targets.product());

        List<String> wrong = new ArrayList<>(sweep(cast, Who.ANONYMOUS));
        wrong.addAll(sweep(cast, Who.INTRUDER));
        assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));
        // The intruder's allowed calls (ordering, its own wishlist) wrote only its own rows, and
        // its refused admin calls wrote nothing.
        assertEquals(victim, Footprint.of(cast.victim.id()), "the victim's rows after the intruder's sweep");
        assertEquals(products, TestDatabase.rows("catalog", "SELECT id FROM product").size(), "products after a shopper's sweep");
        assertEquals(product, TestDatabase.rows("catalog", "SELECT * FROM product WHERE id = ?", cast.targets.product()).toString());
        assertEquals(ledger.total(), shop.ledger(cast.targets.product()).total(), "stock a shopper added");

        wrong.addAll(sweep(cast, Who.ADMIN));
        assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));
        assertEquals(victim, Footprint.of(cast.victim.id()), "the victim's rows after the admin's sweep");

        wrong.addAll(sweep(cast, Who.VICTIM));
        assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));
    }

    @Test
    void aShopperCanNeitherListNorGuessAnotherShoppersOrder() {
        Http.Reply mine = cast.intruder.http().get("/order/orders?page=0&size=100");
        assertEquals(200, mine.status(), mine::toString);
        assertFalse(mine.body().contains(cast.targets.order()), mine::toString);
        Http.Reply wishlist = cast.intruder.http().get("/order/wishlist");
        assertEquals(200, wishlist.status());
        assertFalse(wishlist.body().contains("\"productId\":" + cast.targets.product() + ","), wishlist::toString);
        // Unknown and someone else's orders look the same: no oracle for guessing ids.
        Http.Reply theirs = cast.intruder.http().get("/order/orders/" + cast.targets.order());
        Http.Reply nobodys = cast.intruder.http().get("/order/orders/" + cast.targets.order() + "0");
        assertProblem(theirs, 404, "not-found");
        assertProblem(nobodys, 404, "not-found");
        assertEquals(theirs.json().getString("detail"), nobodys.json().getString("detail"));
    }

    @Test
    void internalApisRefuseEveryTokenButAServiceToken() {
        Http adminAndShopper = shop.anonymous.withToken(TestTokens.admin());
        for (Route route : Routes.ALL) {
            if (route.access() == Access.SERVICE) {
                assertProblem(route.call(adminAndShopper, cast.targets), 403, "forbidden");
            }
        }
        // The control: a service token passes the same door.
        Http service = shop.anonymous.withToken(TestTokens.service("order"));
        assertEquals(200, service.get("/user/internal/users/" + cast.victim.id() + "/shipping").status());
    }
}
