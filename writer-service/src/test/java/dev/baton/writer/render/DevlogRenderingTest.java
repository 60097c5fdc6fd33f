package dev.baton.writer.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevlogRenderingTest {

    private final DevlogGenerator template = new TemplateDevlogGenerator();
    private final DevlogGenerator other = facts -> new Narrative("t", "d", List.of(), List.of(), "", "c", "other");

    @Test
    void theConfiguredNameChoosesTheGenerator() {
        final Map<String, DevlogGenerator> all = Map.of(TemplateDevlogGenerator.NAME, template, "model", other);

        assertThat(DevlogRendering.choose("template", all)).isSameAs(template);
        assertThat(DevlogRendering.choose("model", all)).isSameAs(other);
    }

    @Test
    void aNameThatMatchesNoGeneratorFailsSayingWhichNamesExist() {
        assertThatThrownBy(() -> DevlogRendering.choose("gpt", Map.of(TemplateDevlogGenerator.NAME, template)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gpt")
                .hasMessageContaining("[template]");
    }
}
