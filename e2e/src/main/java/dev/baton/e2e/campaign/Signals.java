package dev.baton.e2e.campaign;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * SIGSTOP and SIGCONT to a process of the test's: a process frozen in place (a long GC pause, a
 * VM descheduled) that comes back believing no time has passed. The JDK sends only SIGTERM and
 * SIGKILL, so this asks {@code kill} to.
 */
public final class Signals {

    private Signals() {}

    /** Freezes the process: it neither runs nor answers, and its sockets stay open. */
    public static void stop(long pid) {
        send("-STOP", pid);
    }

    /** Lets a frozen process run again. */
    public static void resume(long pid) {
        send("-CONT", pid);
    }

    private static void send(String signal, long pid) {
        try {
            final Process kill = new ProcessBuilder("kill", signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill " + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
    }
}
