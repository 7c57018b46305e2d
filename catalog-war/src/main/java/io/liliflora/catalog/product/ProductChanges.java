package io.liliflora.catalog.product;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** An admin's edit: every member optional, absent means unchanged. Stock changes go through restock. */
public record ProductChanges(
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Size(max = 4000) String description,
        @Size(min = 1, max = 64) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String category,
        @Min(0) @Max(1_000_000_000_000L) Long price,
        @Pattern(regexp = "NORMAL|RESERVATION", message = "must be NORMAL or RESERVATION") String saleType,
        Instant opensAt,
        @Min(1) @Max(1_000_000) Integer perUserLimit) {
}
