package io.liliflora.catalog.product;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Units an admin adds to a product's stock. */
public record Restock(@NotNull @Min(1) @Max(1_000_000_000) Integer add) {
}
