package dev.baton.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every check of one rendering: each object against its schema (the Kubernetes API's through
 * fabric8's model, Strimzi's CRDs for {@code kafka.strimzi.io/v1}, unknown fields being errors),
 * then the references between objects and to the services' configuration.
 */
public final class ManifestCheck {

    private final KubernetesSchemas kubernetes = new KubernetesSchemas();
    private final StrimziSchemas strimzi = new StrimziSchemas();
    private final Path root;

    public ManifestCheck(Path root) {
        this.root = root;
    }

    /** Schema violations of each object; empty when all are valid. */
    public List<String> schemaErrors(List<ObjectNode> objects) {
        final List<String> errors = new ArrayList<>();
        for (ObjectNode object : objects) {
            if (StrimziSchemas.knows(object)) {
                errors.addAll(strimzi.validate(object));
                errors.addAll(kubernetes.validateMetadata(object));
            } else {
                errors.addAll(kubernetes.validate(object));
            }
        }
        return errors;
    }

    /** Every error of one rendering: schemas, then references. */
    public List<String> errors(List<ObjectNode> objects) {
        final List<String> errors = new ArrayList<>(schemaErrors(objects));
        errors.addAll(References.check(objects, root));
        return errors;
    }

    /** Renders each overlay named and prints what is wrong; exits 1 if anything is. */
    public static void main(String[] args) {
        final Path root = Repository.root();
        final ManifestCheck check = new ManifestCheck(root);
        int failures = 0;
        for (String overlay : args.length == 0 ? new String[] {"dev", "prod"} : args) {
            final List<ObjectNode> objects =
                    Kustomize.build(root.resolve("infra/k8s/overlays").resolve(overlay));
            final List<String> errors = check.errors(objects);
            System.out.println(overlay + ": " + objects.size() + " objects, " + errors.size() + " errors");
            errors.forEach(e -> System.out.println("  " + e));
            failures += errors.size();
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
