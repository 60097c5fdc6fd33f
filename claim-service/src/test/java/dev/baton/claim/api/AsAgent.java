package dev.baton.claim.api;

import dev.baton.infra.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call of the agent API made by the agent its body names, with that agent's own token, as a
 * real agent calls: tests about claims keep writing the agent into the body, and the token says
 * the same (a body that names nobody is sent by {@link #NOBODY}).
 */
final class AsAgent {

    static final String NOBODY = "agent-of-no-name";

    private static final Pattern AGENT = Pattern.compile("\"agent\"\\s*:\\s*\"([^\"\\\\]+)");

    private AsAgent() {}

    /** A JSON request with {@code body}, by the agent it names. */
    static RequestSpecification given(String body) {
        return by(nameIn(body)).contentType("application/json").body(body);
    }

    /** A request by {@code agent}, with its token. */
    static RequestSpecification by(String agent) {
        return RestAssured.given().auth().oauth2(TestTokens.agent(agent));
    }

    /** The agent a JSON body names, or {@link #NOBODY}. */
    static String nameIn(String body) {
        final Matcher named = AGENT.matcher(body == null ? "" : body);
        return named.find() ? named.group(1) : NOBODY;
    }

    /** The {@code Authorization} header of the agent a body names. */
    static String bearerFor(String body) {
        return "Bearer " + TestTokens.agent(nameIn(body));
    }
}
