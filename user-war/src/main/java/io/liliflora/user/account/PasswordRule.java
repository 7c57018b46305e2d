package io.liliflora.user.account;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** 8 to 64 characters with at least one letter, one digit and one symbol. */
@Documented
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@NotNull
@Size(min = 8, max = 64)
@Pattern(regexp = "^(?=.*\\p{L})(?=.*\\p{Nd})(?=.*[^\\p{L}\\p{Nd}\\s]).*$")
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface PasswordRule {

    String message() default "must be 8-64 characters with a letter, a digit and a symbol";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
