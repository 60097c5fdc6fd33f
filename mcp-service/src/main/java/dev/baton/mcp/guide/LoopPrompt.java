package dev.baton.mcp.guide;

import io.quarkiverse.mcp.server.Prompt;
import io.quarkiverse.mcp.server.PromptArg;
import io.quarkiverse.mcp.server.PromptMessage;

/** The loop, told once to a model that is to work the backlog. */
public class LoopPrompt {

    @Prompt(name = "work-the-backlog", description = "How to take, do and finish work from Baton's backlog")
    PromptMessage loop(
            @PromptArg(description = "item types to work on, comma-separated; any when empty", required = false)
                    String types) {
        final String which = types == null || types.isBlank() ? "any type" : "the types " + types;
        return PromptMessage.withUserRole("""
                You work items from Baton's backlog, one at a time, of %s.
                1. Call next (with waitSeconds up to 60 to wait for work). It gives you one item; \
                your session holds it and keeps its lease alive while you work.
                2. Do the work the item's title and payload describe. During long work call progress \
                with a short note now and then: it shows others where you are, and a session silent \
                for long loses its items.
                3. Finish with complete (a summary of what you did), or fail (the error; retryable \
                when another attempt may succeed), or release (to give it back untouched).
                4. Go back to 1. When next finds nothing, stop or wait.
                A refusal says why in a sentence (held by another agent, waiting on another item, \
                no longer yours): do not retry the same call; take new work with next. Use ready, \
                why and item to look around, and submit to add follow-up work you discover.
                """.formatted(which));
    }
}
