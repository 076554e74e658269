package com.heartbeatmonitor.notifier;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One POST of one notification to one contact point (a webhook or Slack). Any 2xx is delivered; anything else (a
 * status, a refused connection, a timeout) is a failure to retry: a receiver that is down, overloaded or
 * misconfigured must not make an alert disappear.
 */
public final class HttpDelivery implements Channel {

    /** Header a receiver de-duplicates on: alert_id:revision, the same on every attempt. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final String USER_AGENT = "heartbeat-monitor-notifier";
    /** How much of an error response goes into the ledger and the log. */
    private static final int MAX_BODY_EXCERPT = 200;

    private final HttpClient client;
    private final Duration timeout;
    private final ContactPoint contactPoint;

    /** Delivers to {@code contactPoint} through {@code client} (see {@link #client}), each request within timeout. */
    public HttpDelivery(HttpClient client, Duration timeout, ContactPoint contactPoint) {
        this.client = client;
        this.timeout = timeout;
        this.contactPoint = contactPoint;
    }

    /**
     * The client every HTTP contact point shares (its connections are pooled per host). No redirects: a webhook
     * that redirects elsewhere is misconfigured, and following it would send health data to an address nobody
     * configured.
     */
    public static HttpClient client(Duration timeout) {
        return HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ContactPoint contactPoint() {
        return contactPoint;
    }

    @Override
    public Outcome deliver(Notification notification) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(contactPoint.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(IDEMPOTENCY_KEY, notification.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(contactPoint.body(notification)));
        contactPoint.bearerToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new Outcome(true, "HTTP " + status);
            }
            String body = response.body() == null ? "" : response.body().strip();
            return new Outcome(
                    false,
                    "HTTP " + status
                            + (body.isEmpty()
                                    ? ""
                                    : ": " + body.substring(0, Math.min(body.length(), MAX_BODY_EXCERPT))));
        } catch (IOException e) {
            String message = e.getMessage() == null
                    ? ""
                    : ": " + e.getMessage().replace(contactPoint.url().toString(), contactPoint.name());
            return new Outcome(false, e.getClass().getSimpleName() + message);
        }
    }
}
