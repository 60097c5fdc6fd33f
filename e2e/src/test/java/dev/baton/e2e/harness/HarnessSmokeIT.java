package dev.baton.e2e.harness;

import org.junit.jupiter.api.Test;

class HarnessSmokeIT {
    @Test
    void startsKillsRestarts() {
        long t0 = System.nanoTime();
        try (BatonStack stack = BatonStack.builder().build().start()) {
            System.out.println("up after " + (System.nanoTime() - t0) / 1_000_000 + " ms at " + stack.workDir());
            long t1 = System.nanoTime();
            stack.killAndRestart(Service.CLAIM);
            System.out.println("claim restarted in " + (System.nanoTime() - t1) / 1_000_000 + " ms");
        }
        System.out.println("total " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
