package dev.baton.writer;

import dev.baton.identity.Role;
import dev.baton.infra.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * A call by a person who operates Baton (and so reads it), with a token of that role: the tests of
 * what the writer does, as opposed to who may ask it ({@code AccessIT}).
 */
final class AsOperator {

    private AsOperator() {}

    static RequestSpecification given() {
        return RestAssured.given().auth().oauth2(TestTokens.of("operator-of-tests", Role.OPERATOR));
    }
}
