package io.liliflora.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The body of POST /order/orders. */
public class OrderRequest {

    public static final int MAX_QUANTITY = 1000;

    @NotEmpty
    @Size(max = 50)
    @Valid
    public List<@NotNull Line> items;

    public static class Line {
        @NotNull
        @Positive
        public Long productId;

        @NotNull
        @Min(1)
        @Max(MAX_QUANTITY)
        public Integer quantity;

        public Line() {
        }

        public Line(long productId, int quantity) {
            this.productId = productId;
            this.quantity = quantity;
        }
    }

    /** 400 when a product appears on two lines (each product is one line with its quantity). */
    public void checkDistinct() {
        Set<Long> seen = new HashSet<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!seen.add(items.get(i).productId)) {
                errors.add(new Problem.FieldError("items[" + i + "].productId", "appears more than once"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    /** The ids of the products asked for. */
    public List<Long> productIds() {
        return items.stream().map(l -> l.productId).toList();
    }

    /** The request in a canonical form, so a replay with the same body matches its first run. */
    public String canonical() {
        return items.stream().map(l -> l.productId + "x" + l.quantity).collect(Collectors.joining(","));
    }
}
