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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on 127.0.0.1 for the notifier: records every request it accepted (200) with its
 * Idempotency-Key and body, and answers 500 while told to fail, as a contact point that is down would.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One accepted request. */
    record Received(String idempotencyKey, String contentType, String body, Instant at) {}

    static final String PATH = "/hook";

    private final HttpServer server;
    private final List<Received> accepted = new ArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** While true every request gets a 500 and is not recorded. */
    void failing(boolean fail) {
        failing.set(fail);
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
        server.stop(0);
    }
}
