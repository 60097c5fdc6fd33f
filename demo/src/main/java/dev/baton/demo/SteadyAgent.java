package dev.baton.demo;

import dev.baton.client.BatonClient;
import dev.baton.client.Result;
import dev.baton.client.Task;
import dev.baton.client.TaskFailedException;
import dev.baton.client.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * An agent that does its work and reports it, through the client's {@link Worker}: the worker
 * claims, heartbeats at a third of the lease and completes. The work is a wait of a random length;
 * now and then it fails (a retryable failure: the item comes back after a backoff). A slow agent
 * is one whose work outlasts its lease several times over, so its heartbeats carry it.
 */
final class SteadyAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("demo.agent");

    private final Worker worker;

    private SteadyAgent(Worker worker) {
        this.worker = worker;
    }

    /**
     * @param failOneIn  fail about one task in this many (0: never)
     * @param report     what to report for a finished task
     */
    static SteadyAgent start(
            BatonClient client,
            String name,
            List<String> types,
            int leaseSeconds,
            Duration minWork,
            Duration maxWork,
            int failOneIn,
            Function<Task, Result> report,
            Random random) {
        final BatonClient own = client.withAgent(name);
        final Worker worker = Worker.builder(own, task -> {
                    // Named like the worker's own threads, so this agent's lines say whose they are.
                    Thread.currentThread().setName("baton-worker-" + name + "-task");
                    final long total =
                            minWork.toMillis() + random.nextLong(maxWork.toMillis() - minWork.toMillis() + 1);
                    final long slice = Math.max(100, total / 4);
                    for (long done = 0; done < total; done += slice) {
                        task.progress(DemoMain.line("%d%%", 100 * done / total));
                        TimeUnit.MILLISECONDS.sleep(Math.min(slice, total - done)); // the simulated work
                    }
                    if (failOneIn > 0 && random.nextInt(failOneIn) == 0) {
                        LOG.info(() -> DemoMain.line(
                                "demo.agent agent=%s item=%s status=failing epoch=%d error=\"%s\"",
                                name, task.itemId(), task.epoch(), "flaky dependency"));
                        throw new TaskFailedException("flaky dependency, worth another try", true);
                    }
                    return report.apply(task);
                    // A short long-poll: the worker counts a lease from when it asked for work (a safe bound),
                    // so a long wait before a grant would eat into a lease of a few seconds.
                })
                .types(types.toArray(String[]::new))
                .leaseSeconds(leaseSeconds)
                .waitSeconds(1)
                .build();
        return new SteadyAgent(worker.start());
    }

    /** What an ordinary agent reports: a line on how it went, tagged with the type of work. */
    static Result ordinaryResult(Task task) {
        final String type = task.item() == null ? "work" : task.item().type();
        return Result.of(Catalog.outcome(type, task.epoch() + task.itemId().hashCode()))
                .withTags(List.of(type));
    }

    /** What the learning agent reports: the lesson behind the title, with its notes and tags. */
    static Result lessonResult(Task task) {
        final Catalog.Lesson lesson =
                Catalog.lesson(task.item() == null ? "" : task.item().title());
        return Result.of(lesson.summary()).withNotes(lesson.notes()).withTags(lesson.tags());
    }

    @Override
    public void close() {
        worker.stop(Duration.ofSeconds(5));
    }
}
