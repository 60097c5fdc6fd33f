package dev.baton.mcp.guide;

import dev.baton.client.BatonException;
import dev.baton.client.DevlogPost;
import dev.baton.client.RejectedException;
import dev.baton.contracts.limits.Text;
import dev.baton.mcp.tools.Caller;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.Resource;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.TextResourceContents;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The devlog posts as resources: what the team (people and agents) finished each day, for a model
 * that wants the story so far before it takes work.
 */
public class Devlogs {

    static final String LIST = "baton://devlogs";

    @Inject
    Caller caller;

    @Resource(
            uri = LIST,
            name = "devlogs",
            description = "The published devlog posts, newest first: date, title, items",
            mimeType = "text/plain")
    TextResourceContents posts(McpConnection connection) {
        final List<DevlogPost> posts = caller.of(connection).api().devlogs();
        final StringBuilder text = new StringBuilder();
        if (posts.isEmpty()) {
            text.append("no devlog posts yet");
        }
        posts.stream()
                .sorted((a, b) -> b.date().compareTo(a.date()))
                .forEach(post -> text.append(post.date())
                        .append(' ')
                        .append(Text.inert(post.title()))
                        .append(" (")
                        .append(post.itemIds().size())
                        .append(" items) ")
                        .append(LIST)
                        .append('/')
                        .append(post.date())
                        .append('\n'));
        return TextResourceContents.create(LIST, text.toString().strip());
    }

    @ResourceTemplate(
            uriTemplate = LIST + "/{date}",
            name = "devlog",
            description = "One day's devlog post in Markdown (date as 2026-11-27)",
            mimeType = "text/markdown")
    TextResourceContents post(String date, RequestUri uri, McpConnection connection) {
        final LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return TextResourceContents.create(uri.value(), "not a date: use YYYY-MM-DD, like 2026-11-27");
        }
        try {
            return TextResourceContents.create(
                    uri.value(), caller.of(connection).api().devlog(day, DevlogPost.Format.MD));
        } catch (RejectedException e) {
            return TextResourceContents.create(uri.value(), "no devlog post for " + day);
        } catch (BatonException e) {
            return TextResourceContents.create(uri.value(), "the writer did not answer; try again later");
        }
    }
}
