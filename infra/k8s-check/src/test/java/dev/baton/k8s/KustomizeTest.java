package dev.baton.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java rendering follows Kustomize for what Baton's overlays use, and refuses the rest. */
class KustomizeTest {

    @TempDir
    Path dir;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                    - name: web
                      image: example/web:1.0
                      env:
                        - name: A
                          value: a
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: elsewhere
            """;

    private void write(String path, String text) throws IOException {
        Files.createDirectories(dir.resolve(path).getParent());
        Files.writeString(dir.resolve(path), text);
    }

    private void base() throws IOException {
        write("base/app.yaml", DEPLOYMENT.substring(0, DEPLOYMENT.indexOf("---")));
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                labels:
                  - pairs:
                      team: a
                resources:
                  - app.yaml
                """);
    }

    @Test
    void anOverlayPatchesNamespacesLabelsScalesAndRetagsItsBase() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: prod
                labels:
                  - pairs:
                      tier: web
                resources:
                  - ../base
                replicas:
                  - name: web
                    count: 3
                images:
                  - name: example/web
                    newName: registry.example.com/web
                    newTag: "2.0"
                patches:
                  - target:
                      kind: Deploy.*
                    patch: |-
                      - op: add
                        path: /spec/template/spec/containers/0/env/-
                        value: {name: B, value: b}
                      - op: replace
                        path: /spec/template/spec/containers/0/env/0/value
                        value: z
                      - op: add
                        path: /metadata/annotations
                        value: {note: patched}
                """);

        final List<ObjectNode> objects = Kustomize.build(dir.resolve("overlay"));

        assertThat(objects).singleElement().satisfies(o -> {
            assertThat(o.path("metadata").path("namespace").asText()).isEqualTo("prod");
            assertThat(o.path("metadata").path("labels").toString()).isEqualTo("{\"team\":\"a\",\"tier\":\"web\"}");
            assertThat(o.path("metadata").path("annotations").path("note").asText())
                    .isEqualTo("patched");
            assertThat(o.path("spec").path("replicas").asInt()).isEqualTo(3);
            final var container = o.path("spec")
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .path(0);
            assertThat(container.path("image").asText()).isEqualTo("registry.example.com/web:2.0");
            assertThat(container.path("env").toString())
                    .isEqualTo("[{\"name\":\"A\",\"value\":\"z\"},{\"name\":\"B\",\"value\":\"b\"}]");
        });
    }

    @Test
    void theNamespaceIsNotSetOnClusterScopedObjects() throws IOException {
        write("app/all.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: reader
                """);
        write("app/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: prod
                resources: [all.yaml]
                """);

        assertThat(Kustomize.build(dir.resolve("app")).get(0).path("metadata").has("namespace"))
                .isFalse();
    }

    @Test
    void aReplaceOfWhatIsNotThereFailsAsInKustomize() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                patches:
                  - target: {kind: Deployment, name: web}
                    patch: |-
                      - op: replace
                        path: /spec/paused
                        value: true
                """);

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay"))).hasMessageContaining("paused");
    }

    @Test
    void whatItDoesNotRenderItRefusesByName() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namePrefix: x-
                resources: [../base]
                """);
        write("smp/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                patches:
                  - target: {kind: Deployment}
                    patch: |-
                      spec:
                        replicas: 2
                """);

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay"))).hasMessageContaining("'namePrefix'");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("smp"))).hasMessageContaining("strategic merge");
    }

    @Test
    void anObjectDefinedTwiceFails() throws IOException {
        base();
        write("twice/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base, ../base/app.yaml]
                """);

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("twice"))).hasMessageContaining("defined twice");
    }
}
