package io.liliflora.catalog.product;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** A new product as an admin submits it. */
public record ProductDraft(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Size(max = 4000) String description,
        @NotBlank @Size(max = 64) String category,
        @NotNull @Min(0) @Max(1_000_000_000_000L) Long price,
        @NotNull @Pattern(regexp = "NORMAL|RESERVATION", message = "must be NORMAL or RESERVATION") String saleType,
        Instant opensAt,
        @Min(1) @Max(1_000_000) Integer perUserLimit,
        @NotNull @Min(0) @Max(1_000_000_000) Long stock) {
}
