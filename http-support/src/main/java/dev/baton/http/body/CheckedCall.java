package dev.baton.http.body;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource method: its {@link JsonBody} is judged together with the values of its call (the
 * parameters named {@code itemId} and {@code idempotencyKey}) before the method runs, and every
 * violation is answered as one 400 problem, each with its field. The bounds are those of
 * {@code contracts.limits}, stated once there; this only makes Bean Validation run them.
 */
@Documented
@Constraint(validatedBy = CheckedCallValidator.class)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
@Retention(RetentionPolicy.RUNTIME)
public @interface CheckedCall {

    String message() default "breaks the rules of the request";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
