package dev.baton.http.body;

import dev.baton.contracts.http.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.engine.HibernateConstraintViolation;

/**
 * A violation and its place in the answer, carried by a Bean Validation constraint violation
 * (which comes back in a set, in no order).
 */
public record Listed(int position, Violation violation) {

    /**
     * The violations of a request as one answer lists them: those {@link CheckedCallValidator}
     * listed in their order, then any other constraint's, named by their path below the method.
     */
    public static List<Violation> violations(Collection<? extends ConstraintViolation<?>> found) {
        final List<Listed> listed = new ArrayList<>();
        final List<Violation> others = new ArrayList<>();
        for (ConstraintViolation<?> violation : found) {
            final Listed carried = violation instanceof HibernateConstraintViolation<?> hibernate
                    ? hibernate.getDynamicPayload(Listed.class)
                    : null;
            if (carried != null) {
                listed.add(carried);
            } else {
                others.add(new Violation(field(violation.getPropertyPath()), violation.getMessage()));
            }
        }
        listed.sort(Comparator.comparingInt(Listed::position));
        others.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
        final List<Violation> all =
                new ArrayList<>(listed.stream().map(Listed::violation).toList());
        all.addAll(others);
        return all;
    }

    /** True when a violation is of what the service answered rather than of what it was asked. */
    public static boolean ofAnswer(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** {@code title} of {@code submit.body.title}; a parameter's own name when it is the one at fault. */
    private static String field(Path path) {
        final List<String> names = new ArrayList<>();
        String parameter = "$";
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                names.add(node.getName());
            }
        }
        return names.isEmpty() ? parameter : String.join(".", names);
    }
}
