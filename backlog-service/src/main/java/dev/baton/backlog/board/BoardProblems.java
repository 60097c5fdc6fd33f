package dev.baton.backlog.board;

import dev.baton.http.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The board's own error answer: the writer-service did not answer the devlog panel (502). */
public class BoardProblems {

    @ServerExceptionMapper
    public Response writerUnreachable(WriterPosts.Unreachable e) {
        return ProblemMappers.problem(e.problem());
    }
}
