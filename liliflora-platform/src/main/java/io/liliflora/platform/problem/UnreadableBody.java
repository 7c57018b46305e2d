package io.liliflora.platform.problem;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;

/** Recognises a request body the JSON binding could not read, whatever wrapper it arrives in. */
final class UnreadableBody {

    private UnreadableBody() {
    }

    static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonbException || t instanceof JsonParsingException
                    || t instanceof jakarta.json.JsonException) {
                return true;
            }
        }
        return false;
    }

    static Problem problem() {
        return new Problem("malformed-body", "Malformed request body", 400,
                "The body is not valid JSON of the expected shape");
    }
}
