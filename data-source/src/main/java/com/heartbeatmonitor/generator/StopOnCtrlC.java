package com.heartbeatmonitor.generator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a send loop so that Ctrl-C stops it and waits until what was sent is flushed and counted. Waits
 * on a latch, not by joining the main thread: main itself waits for shutdown hooks when it calls
 * {@code System.exit}.
 */
public final class StopOnCtrlC {

    private static final long FLUSH_WAIT_SECONDS = 30;

    private StopOnCtrlC() {}

    /** Runs {@code loop}; on Ctrl-C calls {@code stop} and lets {@code loop} finish before the JVM exits. */
    public static void run(Runnable loop, Runnable stop, String name) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.run();
                    try {
                        finished.await(FLUSH_WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            loop.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it is what stopped the loop.
            }
        }
    }
}
