package dev.baton.backlog.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One page of a board panel, and where the next one starts ({@code null} on the last). */
public record BoardPage(
        List<BoardItem> items,
        @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {}
