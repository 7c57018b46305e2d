package io.liliflora.user.account;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Digits with an optional leading {@code +} and inner {@code -}, 7 to 20 characters (null passes). */
@Documented
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Pattern(regexp = "^(?=.{7,20}$)\\+?[0-9](?:-?[0-9])*$")
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface PhoneNumber {

    String message() default "must be 7-20 digits, optionally with a leading + and dashes";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
