package dev.baton.k8s;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Kubernetes API's schemas for the built-in kinds (and the Prometheus Operator's), as
 * fabric8's model states them, read strictly: a field the model does not know, a string where
 * a number belongs (or the reverse), a malformed quantity, or an apiVersion and kind the model
 * does not have is an error with its path. (fabric8 keeps unknown fields aside rather than
 * failing; this reader fails on them.)
 */
public final class KubernetesSchemas {

    /** apiVersion/kind to its model type: every kind Baton's manifests may use. */
    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    /** Kubernetes' quantity syntax (resource.Quantity). */
    private static final Pattern QUANTITY =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");

    private final ObjectMapper mapper;

    public KubernetesSchemas() {
        final JsonMapper strict = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.mapper = strict;
    }

    /** Whether the object's apiVersion and kind are among the kinds read here. */
    public static boolean knows(JsonNode object) {
        return KINDS.containsKey(key(object));
    }

    /** The violations of one object; empty when it is valid. */
    public List<String> validate(JsonNode object) {
        final String where = Kustomize.id(object);
        final Class<?> type = KINDS.get(key(object));
        if (type == null) {
            return List.of(where + ": no schema for apiVersion/kind " + key(object));
        }
        final List<String> errors = new ArrayList<>();
        try {
            final Object model = mapper.treeToValue(object, type);
            walk(model, "", errors);
        } catch (JsonMappingException e) {
            errors.add(where + ": " + path(e) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
            return errors;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            errors.add(where + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
            return errors;
        }
        if (object.path("metadata").path("name").asText().isEmpty()) {
            errors.add(where + ": metadata.name is required");
        }
        return errors.stream()
                .map(e -> e.startsWith(where) ? e : where + ": " + e)
                .toList();
    }

    /** The strict reading of an object's metadata, which custom resources' schemas leave open. */
    public List<String> validateMetadata(JsonNode object) {
        final List<String> errors = new ArrayList<>();
        try {
            walk(mapper.treeToValue(object.path("metadata"), ObjectMeta.class), "metadata", errors);
        } catch (JsonMappingException e) {
            errors.add("metadata." + path(e) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            errors.add("metadata: " + e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        return errors.stream().map(e -> Kustomize.id(object) + ": " + e).toList();
    }

    /** The path of a reading error, as {@code spec.template.spec.containers[0].name}. */
    private static String path(JsonMappingException e) {
        final StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    /** Every model object below {@code value}: no field kept aside as unknown, every scalar well formed. */
    private static void walk(Object value, String path, List<String> errors) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                walk(element, path + "[" + i++ + "]", errors);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, errors));
            return;
        }
        if (value instanceof IntOrString intOrString) {
            final Object inner = intOrString.getValue();
            if (!(inner instanceof Integer) && !(inner instanceof String)) {
                errors.add(path + ": must be an integer or a string, not " + inner);
            }
            return;
        }
        if (value instanceof Quantity quantity) {
            final String text = quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat());
            if (!QUANTITY.matcher(text).matches()) {
                errors.add(path + ": '" + text + "' is not a quantity");
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c.getName().startsWith("io.fabric8."); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                final Object fieldValue;
                try {
                    field.setAccessible(true);
                    fieldValue = field.get(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> extra) {
                    for (Object unknown : extra.keySet()) {
                        errors.add((path.isEmpty() ? "" : path + ".") + unknown + ": unknown field");
                    }
                    continue;
                }
                final JsonProperty property = field.getAnnotation(JsonProperty.class);
                final String name =
                        property != null && !property.value().isEmpty() ? property.value() : field.getName();
                walk(fieldValue, path.isEmpty() ? name : path + "." + name, errors);
            }
        }
    }
}
