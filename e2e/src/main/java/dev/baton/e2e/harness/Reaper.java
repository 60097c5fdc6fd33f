package dev.baton.e2e.harness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills every process the harness started that is still running when the JVM exits: after a
 * test failure, an interrupted run, or a test that forgot to close what it started. A process
 * that was killed by SIGKILL (the surefire JVM itself) cannot run this; agents therefore also
 * watch their standard input and exit when their parent is gone.
 */
final class Reaper {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::killAll, "e2e-reaper"));
    }

    private Reaper() {
    }

    static void track(Process process) {
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
    }

    static void killAll() {
        for (Process process : RUNNING) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
