package dev.baton.http.body;

import dev.baton.contracts.http.Violation;
import dev.baton.http.access.Caller;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraintvalidation.SupportedValidationTarget;
import jakarta.validation.constraintvalidation.ValidationTarget;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import org.hibernate.validator.constraintvalidation.HibernateCrossParameterConstraintValidatorContext;

/**
 * Judges a call's {@link JsonBody} with its item, its {@code Idempotency-Key} and its caller (a
 * {@code SecurityContext} parameter, whose subject is the agent a claim verb acts for): one constraint
 * violation for each of the body's violations, at the body's property (or at the parameter, for
 * the item and the key). Each carries its {@link Listed} violation, so the answer names the
 * fields exactly as the rules do and in their order, which a set of violations does not keep.
 */
@SupportedValidationTarget(ValidationTarget.PARAMETERS)
public class CheckedCallValidator implements ConstraintValidator<CheckedCall, Object[]> {

    static final String ITEM_ID = "itemId";
    static final String IDEMPOTENCY_KEY = "idempotencyKey";

    @Override
    public boolean isValid(Object[] arguments, ConstraintValidatorContext context) {
        final List<String> names = context.unwrap(HibernateCrossParameterConstraintValidatorContext.class)
                .getMethodParameterNames();
        JsonBody body = null;
        int bodyAt = -1;
        final int itemAt = names.indexOf(ITEM_ID);
        final int keyAt = names.indexOf(IDEMPOTENCY_KEY);
        SecurityContext caller = null;
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i] instanceof JsonBody found) {
                body = found;
                bodyAt = i;
            } else if (arguments[i] instanceof SecurityContext found) {
                caller = found;
            }
        }
        if (body == null) {
            return true;
        }
        final List<Violation> violations = body.violations(new Call(
                itemAt < 0 ? null : (String) arguments[itemAt],
                keyAt < 0 ? null : (String) arguments[keyAt],
                Caller.subject(caller)));
        if (violations.isEmpty()) {
            return true;
        }
        final HibernateConstraintValidatorContext hibernate = context.unwrap(HibernateConstraintValidatorContext.class);
        hibernate.disableDefaultConstraintViolation();
        for (int i = 0; i < violations.size(); i++) {
            final Violation violation = violations.get(i);
            final var builder = hibernate
                    .withDynamicPayload(new Listed(i, violation))
                    .buildConstraintViolationWithTemplate(literal(violation.message()));
            if (ITEM_ID.equals(violation.field()) && itemAt >= 0) {
                builder.addParameterNode(itemAt).addConstraintViolation();
            } else if ("Idempotency-Key".equals(violation.field()) && keyAt >= 0) {
                builder.addParameterNode(keyAt).addConstraintViolation();
            } else {
                builder.addParameterNode(bodyAt)
                        .addPropertyNode(violation.field())
                        .addConstraintViolation();
            }
        }
        return false;
    }

    /** The message as it is: no braces or dollars read as a template (a message may quote what it was given). */
    private static String literal(String message) {
        return message.replace("\\", "\\\\")
                .replace("{", "\\{")
                .replace("}", "\\}")
                .replace("$", "\\$");
    }
}
