package io.liliflora.order.idempotency;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** The one JSON-B instance used to keep a problem answer for replay. */
final class ProblemJson {

    static final Jsonb JSONB = JsonbBuilder.create();

    private ProblemJson() {
    }
}
