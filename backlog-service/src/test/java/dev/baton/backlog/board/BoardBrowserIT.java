package dev.baton.backlog.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.baton.backlog.AsOperator;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.identity.Role;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * The board in a real browser (headless Chromium) against the real service, its read model and
 * the claim engine on the embedded broker. Each test works on a type of its own and opens the
 * board filtered to it, so what other tests leave in the backlog never pushes its items off the
 * first page. Screenshots go to {@code target/board-screenshots/}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(180)
class BoardBrowserIT {

    private static final Duration ENGINE = Duration.ofSeconds(10);
    private static final Pattern COUNTDOWN = Pattern.compile("(\\d+) s left");

    @TestHTTPResource("/board/")
    URI board;

    @Inject
    EngineGateway engine;

    private final String type = "board-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aSubmittedItemAppearsWithoutAReload() {
        try (Browser browser = Browser.open()) {
            openAs(browser, TestTokens.of("board-watcher", Role.READER));
            browser.driver.executeScript("window.sameDocument = true;");

            final String id = submit("Appears by itself");

            browser.waitFor("the new item in the ready panel", d -> browser.present(row("READY", id)));
            assertThat(browser.find(row("READY", id)).getText()).contains("Appears by itself");
            assertThat(browser.driver.executeScript("return window.sameDocument === true;"))
                    .as("the page was not reloaded")
                    .isEqualTo(true);
            browser.waitFor(
                    "the counts to say one is ready",
                    d -> browser.find("#summary [data-count='Ready'] strong")
                            .getText()
                            .equals("1"));
            browser.screenshot("submitted-item-appears");

            // A phone's width: one column, the minor columns hidden, the item still there.
            browser.driver.manage().window().setSize(new Dimension(390, 844));
            browser.waitFor(
                    "the item on a phone's screen",
                    d -> browser.find(row("READY", id)).isDisplayed());
            browser.screenshot("submitted-item-on-a-phone");
        }
    }

    @Test
    void aClaimShowsItsHolderAndALeaseCountingDown() {
        try (Browser browser = Browser.open()) {
            openAs(browser, TestTokens.of("board-watcher", Role.READER));
            final String id = submit("Held by someone");

            claim(id, "agent-ada", 90);

            browser.waitFor("the held item in the in-flight panel", d -> browser.present(row("CLAIMED", id)));
            assertThat(browser.find(row("CLAIMED", id)).getText()).contains("agent-ada");
            final int first = secondsLeft(browser, id);
            assertThat(first).isBetween(1, 90);
            browser.waitFor("the countdown to go down", d -> {
                final int now = secondsLeft(browser, id);
                return now >= 0 && now < first;
            });
            browser.screenshot("claim-shows-holder-and-countdown");
        }
    }

    @Test
    void aCompletionMovesTheItemFromInFlightToDone() {
        try (Browser browser = Browser.open()) {
            openAs(browser, TestTokens.of("board-watcher", Role.READER));
            final String id = submit("Soon done");
            final long epoch = claim(id, "agent-bo", 60);
            browser.waitFor("the held item in the in-flight panel", d -> browser.present(row("CLAIMED", id)));

            engine.ask(
                    new Command.CompleteItem(
                            UUID.randomUUID().toString(),
                            id,
                            "agent-bo",
                            epoch,
                            new Result("finished", null, List.of(), List.of())),
                    null,
                    ENGINE);

            browser.waitFor("the item in the done panel", d -> browser.present(row("DONE", id)));
            browser.waitFor("the item gone from the in-flight panel", d -> !browser.present(row("CLAIMED", id)));
            assertThat(browser.find(row("DONE", id)).getText()).contains("Soon done");
            browser.screenshot("completion-moves-it-to-done");
        }
    }

    @Test
    void anOperatorRedrivesADeadItemAfterConfirming() {
        final String id = dead("Died once");
        try (Browser browser = Browser.open()) {
            openAs(browser, TestTokens.of("board-operator", Role.OPERATOR));
            browser.waitFor("the dead item in the dead panel", d -> browser.present(row("DEAD", id)));
            assertThat(browser.find(row("DEAD", id)).getText()).contains("gave up");

            browser.find(row("DEAD", id) + " button[data-action='redrive']").click();
            browser.waitFor("the confirmation", d -> browser.present("dialog[open]"));
            assertThat(browser.find("#confirm-text").getText()).contains(id);
            browser.screenshot("operator-confirms-redrive");
            browser.find("#confirm-yes").click();

            browser.waitFor(
                    "the answer", d -> browser.find("#action-status").getText().contains("is READY"));
            browser.waitFor("the item in the ready panel", d -> browser.present(row("READY", id)));
            browser.waitFor("the item gone from the dead panel", d -> !browser.present(row("DEAD", id)));
            browser.screenshot("operator-redrove");
        }
        AsOperator.given().get("/items/" + id).then().statusCode(200).body("state", equalTo("READY"));
    }

    @Test
    void aReaderIsOfferedNoRedriveAndTheServerRefusesOneAll() {
        final String id = dead("Stays dead");
        try (Browser browser = Browser.open()) {
            openAs(browser, TestTokens.of("board-reader", Role.READER));
            browser.waitFor("the dead item in the dead panel", d -> browser.present(row("DEAD", id)));

            assertThat(browser.driver.findElements(By.cssSelector("button[data-action]")))
                    .as("no operator button for a reader")
                    .isEmpty();
            // The page's own token, sent as an operator's page would send it: the server refuses it.
            final Object status = browser.driver.executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "fetch('/items/' + arguments[0] + '/redrive', {method: 'POST', headers: {"
                            + "Authorization: 'Bearer ' + sessionStorage.getItem('baton.board.token')}})"
                            + ".then(r => done(r.status), e => done(String(e)));",
                    id);
            browser.screenshot("reader-sees-no-redrive");

            assertThat(status).isEqualTo(403L);
        }
        AsOperator.given().get("/items/" + id).then().statusCode(200).body("state", equalTo("DEAD"));
    }

    @Test
    void aHostileTitleShowsAsTextAndRunsNothing() {
        final String hostile = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>"
                + "<b>bold?</b> &amp; \"quoted\"";
        try (Browser browser = Browser.open()) {
            openAs(browser, TestTokens.of("board-watcher", Role.READER));
            final String id = submit(hostile);

            browser.waitFor("the hostile item in the ready panel", d -> browser.present(row("READY", id)));
            assertThat(browser.find(row("READY", id) + " button[data-open]").getText())
                    .isEqualTo(hostile);
            browser.find(row("READY", id) + " button[data-open]").click();
            browser.waitFor(
                    "the item's own view",
                    d -> browser.find("#item-title").getText().equals(hostile));
            browser.waitFor("the item's history", d -> browser.present("#item .timeline li"));

            assertThat(browser.driver.findElements(By.cssSelector("main img, main b, main script")))
                    .isEmpty();
            assertThat(browser.driver.executeScript("return window.pwned === undefined;"))
                    .isEqualTo(true);
            browser.screenshot("hostile-title-as-text");
        }
    }

    @Test
    void aPanelShowsTwentyItemsAtATimeAndPagesOnWhenAsked() {
        final List<Map<String, Object>> items = java.util.stream.IntStream.rangeClosed(1, 23)
                .mapToObj(n -> Map.<String, Object>of("type", type, "title", "paged item " + n))
                .toList();
        AsOperator.given()
                .contentType("application/json")
                .body(Map.of("items", items))
                .post("/items/batch")
                .then()
                .statusCode(200);
        try (Browser browser = Browser.open()) {
            openAs(browser, TestTokens.of("board-watcher", Role.READER));
            browser.waitFor(
                    "all 23 counted",
                    d -> browser.find("#panel-READY caption").getText().endsWith("of 23, live"));
            assertThat(rows(browser, "READY")).isEqualTo(20);

            browser.find("#panel-READY button[data-page='next']").click();

            browser.waitFor("the second page", d -> rows(browser, "READY") == 3);
            assertThat(browser.find("#panel-READY caption").getText()).contains("21 to 23 of 23 (page 2, not live)");
            assertThat(browser.present("#panel-READY button[data-page='next']")).isFalse();
            browser.screenshot("second-page-of-ready");

            browser.find("#panel-READY button[data-page='first']").click();

            browser.waitFor("the first page, live again", d -> rows(browser, "READY") == 20);
        }
    }

    /** Opens the board on this test's type with {@code token} in the address's fragment, and waits for it to be live. */
    private void openAs(Browser browser, String token) {
        browser.driver.get(board + "?type=" + URLEncoder.encode(type, StandardCharsets.UTF_8) + "#token=" + token);
        browser.waitFor(
                "the board to be live",
                d -> browser.find("#connection").getText().startsWith("Live"));
        assertThat(browser.driver.getCurrentUrl())
                .as("the token left the address bar")
                .doesNotContain("token=");
    }

    private String submit(String title) {
        return AsOperator.given()
                .contentType("application/json")
                .body(Map.of("type", type, "title", title, "maxAttempts", 1))
                .post("/items")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private long claim(String id, String agent, int leaseSeconds) {
        final Reply reply =
                engine.ask(new Command.ClaimItem(UUID.randomUUID().toString(), id, agent, leaseSeconds), null, ENGINE);
        assertThat(reply).isInstanceOf(Reply.Granted.class);
        return ((Reply.Granted) reply).grants().get(0).epoch();
    }

    /** An item of this test's type that failed for good on its one attempt. */
    private String dead(String title) {
        final String id = submit(title);
        final long epoch = claim(id, "agent-cy", 60);
        engine.ask(
                new Command.FailItem(UUID.randomUUID().toString(), id, "agent-cy", epoch, "gave up: disk full", false),
                null,
                ENGINE);
        RestAssured.given()
                .auth()
                .oauth2(AsOperator.token())
                .get("/items/" + id + "?state=DEAD&waitSeconds=10")
                .then()
                .statusCode(200)
                .body("state", equalTo("DEAD"));
        return id;
    }

    private static int rows(Browser browser, String state) {
        return browser.driver
                .findElements(By.cssSelector("#panel-" + state + " tbody tr"))
                .size();
    }

    private static String row(String state, String id) {
        return "#panel-" + state + " tr[data-id='" + id + "']";
    }

    private static int secondsLeft(Browser browser, String id) {
        final Matcher left = COUNTDOWN.matcher(
                browser.find(row("CLAIMED", id) + " .countdown").getText());
        return left.find() ? Integer.parseInt(left.group(1)) : -1;
    }
}
