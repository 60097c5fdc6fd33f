package dev.baton.launcher;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills every process started with {@link ChildProcess#withInput} that still runs when the JVM
 * exits: after a test failure, an interrupted run, or a caller that forgot to close what it
 * started. A JVM killed by SIGKILL cannot run this; such processes therefore also watch their
 * standard input and exit when their parent is gone.
 */
final class Reaper {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::killAll, "launcher-reaper"));
    }

    private Reaper() {}

    static void track(Process process) {
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
    }

    private static void killAll() {
        for (Process process : RUNNING) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
