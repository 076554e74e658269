package com.heartbeatmonitor.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What heartbeat-admin says without a broker: help with examples, and wrong values named before anything is sent. */
class AdminCommandTest {

    /** Nothing listens here: a command that tried to reach Kafka would fail differently (after its timeout). */
    private static final String NO_BROKER = "127.0.0.1:1";

    @Test
    void helpShowsExamples() {
        String out = run("settings", "--help");

        assertThat(out).startsWith("0|").contains("Examples:").contains("settings set customer-00042 --high 130");
    }

    @Test
    void aThresholdOutsideTheBoundsIsNamedAndNotSent() {
        assertThat(run("settings", "set", "c-1", "--high", "160", "--bootstrap-servers", NO_BROKER))
                .startsWith("2|")
                .contains("not sent: 'high_bpm' 160 is outside the allowed 100-150 bpm");
    }

    @Test
    void theBoundsAreTheJobsFlags() {
        assertThat(run(
                        "settings",
                        "set",
                        "c-1",
                        "--low",
                        "35",
                        "--settings-low-min",
                        "40",
                        "--bootstrap-servers",
                        NO_BROKER))
                .startsWith("2|")
                .contains("'low_bpm' 35 is outside the allowed 40-50 bpm");
    }

    @Test
    void badTimeZoneContactAndProfileAreNamed() {
        assertThat(run("settings", "set", "c-1", "--time-zone", "Mars/Olympus", "--bootstrap-servers", NO_BROKER))
                .contains("--time-zone 'Mars/Olympus' is not an IANA time-zone id");
        assertThat(run("settings", "set", "c-1", "--contact", "pager:123", "--bootstrap-servers", NO_BROKER))
                .contains("--contact 'pager:123' must be webhook:URL, slack:URL or email:ADDRESS");
        assertThat(run("settings", "set", "c-1", "--contact", "email:nobody", "--bootstrap-servers", NO_BROKER))
                .contains("contacts[0] target must be an e-mail address");
        assertThat(run("settings", "set", "c-1", "--profile", "athlete", "--bootstrap-servers", NO_BROKER))
                .contains("--profile 'athlete' must be wearable or clinical");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        var cli = AdminCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args) + "|" + out;
    }
}
