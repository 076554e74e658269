package com.heartbeatmonitor.admin;

import com.heartbeatmonitor.generator.DurationConverter;
import com.heartbeatmonitor.settings.CustomerSettings;
import com.heartbeatmonitor.settings.CustomerSettings.Contact;
import com.heartbeatmonitor.settings.CustomerSettings.ContactType;
import com.heartbeatmonitor.settings.CustomerSettings.Profile;
import com.heartbeatmonitor.settings.InvalidSettingsException;
import com.heartbeatmonitor.settings.SettingsParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code heartbeat-admin settings set|get|list|reset}: a customer's own thresholds, pause, time zone and contacts, as
 * messages of the compacted settings topic the job reads while it runs. Checked with the job's own parser before they
 * are sent, so the job does not reject what this sends (other than a version someone else sent meanwhile).
 */
@Command(
        name = "settings",
        mixinStandardHelpOptions = true,
        description = {
            "A customer's own settings: thresholds, detection profile, sustain times, a pause, time zone, contacts.",
            "The running job applies a change from its effective time (default: now) without a restart."
        },
        footer = {
            "",
            "Examples:",
            "  heartbeat-admin settings set customer-00042 --high 130 --low 45",
            "  heartbeat-admin settings set customer-00042 --pause-for 3d          (hospital stay: no alerts)",
            "  heartbeat-admin settings set customer-00042 --time-zone Europe/Berlin \\",
            "      --contact webhook:https://care.example/hook --contact email:nurse@example.org",
            "  heartbeat-admin settings get customer-00042",
            "  heartbeat-admin settings list",
            "  heartbeat-admin settings reset customer-00042                       (back to the defaults)",
            "",
            "Kafka security: the same flags as the generator and the job (--kafka-security-protocol, ...)."
        })
public final class SettingsCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Changes a customer's settings: the given values replace the current ones, the rest stay.")
    int set(
            @Mixin SettingsTopic topic,
            @Parameters(paramLabel = "CUSTOMER", description = "The customer_id.") String customer,
            @Option(
                            names = "--high",
                            paramLabel = "BPM",
                            description = "High-rate threshold (deployment bounds, " + "default 100-150).")
                    Integer high,
            @Option(names = "--low", paramLabel = "BPM", description = "Low-rate threshold (default bounds 40-50).")
                    Integer low,
            @Option(names = "--profile", description = "Detection defaults: wearable or clinical.") String profile,
            @Option(
                            names = "--sustain",
                            converter = DurationConverter.class,
                            description = "How long a rate must " + "stay beyond a threshold, e.g. 10m (10 s to 1 d).")
                    Duration sustain,
            @Option(
                            names = "--exertion-sustain",
                            converter = DurationConverter.class,
                            description = "The longer bar " + "of an exercise-like rise, e.g. 90m.")
                    Duration exertionSustain,
            @Option(
                            names = "--paused-until",
                            paramLabel = "INSTANT",
                            description = "No alerts until then, e.g. " + "2026-12-10T08:00:00Z.")
                    Instant pausedUntil,
            @Option(
                            names = "--pause-for",
                            converter = DurationConverter.class,
                            description = "No alerts for this " + "long from now, e.g. 3d.")
                    Duration pauseFor,
            @Option(
                            names = "--time-zone",
                            paramLabel = "IANA-ID",
                            description = "The wearer's time zone, e.g. " + "Europe/Berlin.")
                    String timeZone,
            @Option(
                            names = "--contact",
                            paramLabel = "TYPE:TARGET",
                            description = "Who to tell, in order (repeat; "
                                    + "replaces the list): webhook:URL, slack:URL or email:ADDRESS.")
                    List<String> contacts,
            @Option(
                            names = "--effective-at",
                            paramLabel = "INSTANT",
                            description = "Event time from which readings " + "are judged by it; default now.")
                    Instant effectiveAt,
            @Option(
                            names = "--escalate-critical-after-minutes",
                            paramLabel = "MIN",
                            description = "The notifier's wait before an unacknowledged CRITICAL goes to the next"
                                    + " contact (1-240; default the notifier's, 5).")
                    Long escalateCritical,
            @Option(
                            names = "--escalate-high-after-minutes",
                            paramLabel = "MIN",
                            description = "The same for a HIGH (1-240; default the notifier's, 15).")
                    Long escalateHigh,
            @Option(
                            names = "--settings-version",
                            paramLabel = "N",
                            description = "The version to send; default: the current one + 1.")
                    Long version)
            throws Exception {
        Instant now = Instant.now();
        List<Contact> contactList =
                contacts == null ? null : contacts.stream().map(this::contact).toList();
        // The values given, checked alone first: a wrong one is named before Kafka is even reached.
        validate(
                topic,
                new CustomerSettings(
                        customer,
                        version != null ? version : 1,
                        high,
                        low,
                        profile != null ? profile(profile) : null,
                        sustain,
                        exertionSustain,
                        pauseFor != null ? now.plus(pauseFor) : pausedUntil,
                        timeZone != null ? zone(timeZone) : null,
                        contactList,
                        effectiveAt,
                        minutes(escalateCritical),
                        minutes(escalateHigh)));
        CustomerSettings current = current(topic, customer);
        CustomerSettings next = new CustomerSettings(
                customer,
                version != null ? version : current == null ? 1 : current.version() + 1,
                high != null ? high : current == null ? null : current.highBpm(),
                low != null ? low : current == null ? null : current.lowBpm(),
                profile != null ? profile(profile) : current == null ? null : current.profile(),
                sustain != null ? sustain : current == null ? null : current.sustain(),
                exertionSustain != null ? exertionSustain : current == null ? null : current.exertionSustain(),
                pauseFor != null
                        ? now.plus(pauseFor)
                        : pausedUntil != null ? pausedUntil : current == null ? null : current.pausedUntil(),
                timeZone != null ? zone(timeZone) : current == null ? null : current.timeZone(),
                contactList != null ? contactList : current == null ? List.of() : current.contacts(),
                effectiveAt != null ? effectiveAt : now,
                escalateCritical != null
                        ? minutes(escalateCritical)
                        : current == null ? null : current.escalateCriticalAfter(),
                escalateHigh != null ? minutes(escalateHigh) : current == null ? null : current.escalateHighAfter());
        String json = validate(topic, next);
        topic.send(customer, json);
        spec.commandLine().getOut().println(customer + " " + json);
        return 0;
    }

    private static Duration minutes(Long minutes) {
        return minutes == null ? null : Duration.ofMinutes(minutes);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a customer's current settings.")
    int get(@Mixin SettingsTopic topic, @Parameters(paramLabel = "CUSTOMER") String customer) {
        String json = topic.current().get(customer);
        if (json == null) {
            spec.commandLine().getOut().println(customer + " has no settings of their own: the deployment's defaults");
            return 1;
        }
        spec.commandLine().getOut().println(customer + " " + json);
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Shows every customer's own settings.")
    int list(@Mixin SettingsTopic topic) {
        Map<String, String> all = topic.current();
        all.forEach((customer, json) -> spec.commandLine().getOut().println(customer + " " + json));
        spec.commandLine().getErr().println(all.size() + " customers with settings of their own");
        return 0;
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, description = "Back to the deployment's defaults.")
    int reset(@Mixin SettingsTopic topic, @Parameters(paramLabel = "CUSTOMER") String customer) throws Exception {
        topic.send(customer, null);
        spec.commandLine().getOut().println(customer + " reset to the deployment's defaults");
        return 0;
    }

    /** The settings as JSON, checked by the job's own parser; a ParameterException naming what is wrong if not. */
    private String validate(SettingsTopic topic, CustomerSettings settings) {
        String json = SettingsParser.toJson(settings);
        try {
            new SettingsParser(topic.bounds()).parse(settings.customerId(), json);
        } catch (InvalidSettingsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "not sent: " + e.detail());
        }
        return json;
    }

    /** The customer's current settings, or null; a current message the job would reject counts as none. */
    private CustomerSettings current(SettingsTopic topic, String customer) {
        String json = topic.current().get(customer);
        if (json == null) {
            return null;
        }
        try {
            return new SettingsParser(topic.bounds()).parse(customer, json);
        } catch (InvalidSettingsException e) {
            spec.commandLine().getErr().println("ignoring the current message, which is invalid: " + e.detail());
            return null;
        }
    }

    private Profile profile(String name) {
        try {
            return Profile.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--profile '" + name + "' must be wearable or clinical");
        }
    }

    private ZoneId zone(String id) {
        if (!ZoneId.getAvailableZoneIds().contains(id)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--time-zone '" + id + "' is not an IANA time-zone id like Europe/Berlin");
        }
        return ZoneId.of(id);
    }

    private Contact contact(String text) {
        int colon = text.indexOf(':');
        ContactType type = null;
        if (colon > 0) {
            try {
                type = ContactType.valueOf(text.substring(0, colon).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                type = null;
            }
        }
        if (type == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--contact '" + text + "' must be webhook:URL, slack:URL or email:ADDRESS");
        }
        return new Contact(type, text.substring(colon + 1));
    }
}
