package com.heartbeatmonitor.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What {@link LocalPipeline} has started, closed in reverse order: on Ctrl-C, on {@code stop()}, and when a later
 * step fails, so an error path never leaves a broker or a job behind. Closing twice (Ctrl-C's shutdown hook and the
 * main thread) closes once; one part failing to close does not keep the others running.
 */
final class StartedParts implements AutoCloseable {

    private record Part(String name, AutoCloseable closeable) {}

    private final Deque<Part> parts = new ArrayDeque<>();
    private boolean closed;

    /** Registers a started part under the name the "stopping" line gives it, and returns it. */
    synchronized <T extends AutoCloseable> T add(String name, T part) {
        if (closed) {
            throw new IllegalStateException("already stopped: cannot add " + name);
        }
        parts.push(new Part(name, part));
        return part;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (parts.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        parts.forEach(part -> names.add(part.name()));
        System.out.println("\nstopping: " + String.join(", ", names) + "...");
        while (!parts.isEmpty()) {
            Part part = parts.pop();
            try {
                part.closeable().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                System.err.println("stopping the " + part.name() + ": interrupted");
            } catch (Exception e) {
                System.err.println("stopping the " + part.name() + ": " + e);
            }
        }
        System.out.println("stopped.");
    }
}
