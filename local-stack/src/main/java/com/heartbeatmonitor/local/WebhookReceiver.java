package com.heartbeatmonitor.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on 127.0.0.1 for the notifier: records every request it accepted (200) with its
 * Idempotency-Key, body and arrival time, answers 500 while told to fail, as a contact point that is down would,
 * and while told to hang keeps each request open without an answer, as a receiver that stopped responding does.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One accepted request. */
    record Received(String idempotencyKey, String contentType, String body, Instant at) {}

    static final String PATH = "/hook";

    private final HttpServer server;
    private final List<Received> accepted = new ArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger hung = new AtomicInteger();
    private volatile CountDownLatch hang = new CountDownLatch(0);

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::handle);
        // A thread per request: a hanging request must not be what keeps the next from being read.
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** While true every request gets a 500 and is not recorded. */
    void failing(boolean fail) {
        failing.set(fail);
    }

    /** While true every request is held open, unanswered, until {@code hanging(false)} or the receiver closes. */
    void hanging(boolean on) {
        if (on) {
            hang = new CountDownLatch(1);
        } else {
            hang.countDown();
        }
    }

    /** Requests that were held open. */
    int hung() {
        return hung.get();
    }

    int refused() {
        return refused.get();
    }

    synchronized List<Received> accepted() {
        return List.copyOf(accepted);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            CountDownLatch holding = hang;
            if (holding.getCount() > 0) {
                hung.incrementAndGet();
                try {
                    holding.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            int status;
            if (failing.get() || !"POST".equals(exchange.getRequestMethod())) {
                refused.incrementAndGet();
                status = 500;
            } else {
                synchronized (this) {
                    accepted.add(new Received(
                            exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                            exchange.getRequestHeaders().getFirst("Content-Type"),
                            body,
                            Instant.now()));
                }
                status = 200;
            }
            byte[] answer = (status == 200 ? "ok" : "down for maintenance").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        hang.countDown();
        server.stop(0);
    }
}
