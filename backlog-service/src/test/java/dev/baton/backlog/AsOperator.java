package dev.baton.backlog;

import dev.baton.identity.Role;
import dev.baton.infra.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * A call by a person who submits and operates the backlog (and so reads it), with a token of
 * those roles: the tests of what the backlog does, as opposed to who may ask it ({@code AccessIT}).
 */
public final class AsOperator {

    private AsOperator() {}

    public static RequestSpecification given() {
        return RestAssured.given().auth().oauth2(token());
    }

    /** The token itself, for a request made with another client. */
    public static String token() {
        return TestTokens.of("operator-of-tests", Role.SUBMITTER, Role.OPERATOR);
    }
}
