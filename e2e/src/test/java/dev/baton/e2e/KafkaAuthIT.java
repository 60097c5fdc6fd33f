package dev.baton.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.client.BatonClient;
import dev.baton.client.Grant;
import dev.baton.client.ItemEvent;
import dev.baton.client.ItemQuery;
import dev.baton.client.ItemState;
import dev.baton.client.ItemView;
import dev.baton.client.NewItem;
import dev.baton.client.Result;
import dev.baton.contracts.catalog.Access;
import dev.baton.contracts.catalog.TopicSpec;
import dev.baton.contracts.catalog.Topics;
import dev.baton.e2e.harness.BatonStack;
import dev.baton.launcher.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A stack as {@code ./baton up --kafka-auth} runs it: the broker asks for SASL/SCRAM-SHA-512 and
 * holds every principal to the ACLs of {@code Access}, and each service connects as its own. Work
 * done over HTTP goes through every service's Kafka clients, so an ACL a service lacks shows as
 * work that never completes; a service's credentials are refused on a topic it does not write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KafkaAuthIT {

    private static final Duration SOON = Duration.ofSeconds(30);

    private BatonStack stack;
    private BatonClient client;

    @BeforeAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void startStack() {
        stack = BatonStack.builder()
                .kafkaAuth()
                .setting(Service.WRITER, "BATON_WRITER_SCHEDULE", "off")
                .build()
                .start();
        client = BatonClient.builder()
                .backlog(stack.url(Service.BACKLOG))
                .claims(stack.url(Service.CLAIM))
                .agent("acl-agent")
                .token(stack.tokenWithEveryRole("acl-agent"))
                .build();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anItemSubmittedOverHttpIsClaimedAndCompletedWithEveryServiceAsItsOwnPrincipal() {
        // given a stack whose services each connect as their own principal
        final ItemView item = client.submit(NewItem.of("acl-" + UUID.randomUUID(), "secured work"));

        // when an agent claims it and completes it
        final Grant grant = client.claim(item.id());
        client.complete(item.id(), grant.epoch(), Result.of("done under ACLs"));

        // then the read model shows it done, with its history
        final ItemView done = await().atMost(SOON)
                .until(
                        () -> client.awaitItem(item.id(), null, ItemState.DONE, Duration.ofSeconds(5)),
                        view -> view.state() == ItemState.DONE);
        assertThat(done.result().summary()).isEqualTo("done under ACLs");
        assertThat(client.events(item.id())).extracting(ItemEvent::event).contains("ItemClaimed", "ItemCompleted");
    }

    @Test
    void aServicesCredentialsCannotWriteATopicThatServiceDoesNotOwn() {
        // given the writer-service's own credentials, as the launcher gave them to it
        try (KafkaProducer<String, String> writer = producer(Access.WRITER_SERVICE)) {
            // when it writes a topic of the backlog-service, and one of the claim-service
            // then the broker refuses both
            assertThat(sendFails(writer, Topics.BACKLOG_ITEMS)).isInstanceOf(TopicAuthorizationException.class);
            assertThat(sendFails(writer, Topics.CLAIMS)).isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> backlog = producer(Access.BACKLOG_SERVICE)) {
            assertThat(sendFails(backlog, Topics.ITEM_EVENTS)).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aCloudEventFromTheSubmitterPrincipalBecomesAnItem() throws Exception {
        // given another system with the submitter principal's credentials
        final String type = "acl-ce-" + UUID.randomUUID().toString().substring(0, 8);
        final String id = UUID.randomUUID().toString();
        final ProducerRecord<String, String> event = new ProducerRecord<>(
                Topics.BACKLOG_SUBMISSIONS.name(), id, "{\"type\":\"" + type + "\",\"title\":\"From CI\"}");
        header(event, "ce_specversion", "1.0");
        header(event, "ce_id", id);
        header(event, "ce_source", "ci");
        header(event, "ce_type", "dev.baton.item.submit");
        header(event, "content-type", "application/json");

        // when it sends a CloudEvent to backlog-submissions
        try (KafkaProducer<String, String> submitter = producer(Access.SUBMITTER)) {
            submitter.send(event).get(20, TimeUnit.SECONDS);
        }

        // then the backlog-service, as its own principal, makes an item of it
        await().atMost(SOON)
                .until(() -> client.items(ItemQuery.all().type(type)).items(), items -> items.size() == 1);
    }

    @Test
    void thePasswordsAreKeptInTheDataFolderForTheOwnerOnlyAndNoLogShowsOne() throws Exception {
        final var file = stack.dataDir().resolve("identity").resolve("kafka-users.properties");
        final Properties passwords = new Properties();
        try (var in = Files.newInputStream(file)) {
            passwords.load(in);
        }
        try (var logs = Files.list(stack.logDir())) {
            for (var log : logs.toList()) {
                final String text = Files.readString(log, StandardCharsets.UTF_8);
                for (String user : passwords.stringPropertyNames()) {
                    assertThat(text)
                            .as("%s shows the password of %s", log, user)
                            .doesNotContain(passwords.getProperty(user));
                }
            }
        }

        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        for (Access.Principal principal : Access.all()) {
            assertThat(stack.kafkaClientSettings(principal.name())).containsKey("sasl.jaas.config");
        }
        // every service the launcher gives a principal to has one in Access
        for (Service service : Service.values()) {
            service.kafkaPrincipal()
                    .ifPresent(name -> assertThat(Access.all())
                            .extracting(Access.Principal::name)
                            .contains(name));
        }
    }

    private KafkaProducer<String, String> producer(Access.Principal principal) {
        final Map<String, Object> settings = new HashMap<>(stack.kafkaClientSettings(principal.name()));
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    private static Throwable sendFails(KafkaProducer<String, String> producer, TopicSpec topic) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), "k", "v")).get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
