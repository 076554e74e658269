package com.heartbeatmonitor.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A customer's contact is reached by the environment's rules, or recorded as failed with why: never dropped. */
class RoutesTest {

    private static final List<ContactPoint> DEPLOYMENT = List.of(new ContactPoint(
            "webhook", ContactPoint.Type.WEBHOOK, URI.create("https://ops.example/hook"), Optional.empty()));
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Routes ROUTES = new Routes(DEPLOYMENT, false, TIMEOUT, Optional.empty());

    private static Routes withSmtp() throws Exception {
        return new Routes(
                DEPLOYMENT,
                false,
                TIMEOUT,
                Optional.of(new SmtpServer(
                        "smtp.example.org",
                        587,
                        SmtpServer.Tls.STARTTLS,
                        new InternetAddress("heartbeat@care.example"),
                        Optional.empty(),
                        Optional.empty(),
                        TIMEOUT)));
    }

    @Test
    void theEnvironmentsContactPointsByNameAndTheCustomersByTarget() {
        assertThat(ROUTES.route("webhook", null).destination())
                .hasValueSatisfying(d -> assertThat(d.channel())
                        .isInstanceOfSatisfying(
                                HttpDelivery.class,
                                http -> assertThat(http.contactPoint().url()).hasToString("https://ops.example/hook")));
        assertThat(ROUTES.route("contact-2:slack", "https://hooks.slack.com/services/x")
                        .destination())
                .hasValueSatisfying(d -> assertThat(d.channel())
                        .isInstanceOfSatisfying(
                                HttpDelivery.class,
                                http -> assertThat(http.contactPoint().type()).isEqualTo(ContactPoint.Type.SLACK)));
        assertThat(ROUTES.route("contact-1:webhook", "http://127.0.0.1:8080/hook")
                        .destination())
                .as("plain http on loopback")
                .isPresent();
    }

    @Test
    void anEmailContactGoesOverTheDeploymentsSmtpServerNamedAsTheLedgerNamesIt() throws Exception {
        Routes.Route route = withSmtp().route("contact-3:email", "gp@example.org");

        assertThat(route.unreachable()).isNull();
        assertThat(route.destination()).hasValueSatisfying(d -> {
            assertThat(d.channel()).isInstanceOf(SmtpDelivery.class);
            assertThat(d.toString()).isEqualTo("contact-3:email").doesNotContain("gp@");
            assertThat(d.channel().toString()).doesNotContain("gp@");
        });
    }

    @Test
    void anEmailContactWithoutAnSmtpServerFailsSayingWhatToSet() {
        assertThat(ROUTES.route("contact-3:email", "gp@example.org").unreachable())
                .isEqualTo(Routes.SMTP_NOT_CONFIGURED)
                .startsWith("SMTP not configured: set " + NotifierConfig.SMTP_HOST);
    }

    @Test
    void whatCanNeverBeDeliveredSaysWhyWithoutQuotingTheTarget() throws Exception {
        assertThat(withSmtp().route("contact-3:email", "gp@@example.org").unreachable())
                .isEqualTo("contact-3:email is not a valid e-mail address");
        assertThat(withSmtp().route("contact-3:email", "GP <gp@example.org>").unreachable())
                .contains("not a bare e-mail address")
                .doesNotContain("gp@");
        assertThat(ROUTES.route("contact-1:webhook", "http://care.example/hook").unreachable())
                .contains("plain http to another host")
                .doesNotContain("care.example");
        assertThat(ROUTES.route("contact-2:slack", "http://hooks.slack.com/x").unreachable())
                .contains("must be an https URL");
        assertThat(ROUTES.route("slack", null).unreachable()).contains("not configured");
    }
}
