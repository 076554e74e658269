package com.heartbeatmonitor.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The hostile input corpus ({@code hostile-input/corpus.tsv}): what each case sends and how it must end. */
final class HostileCorpus {

    static final String STORED = "STORED";
    private static final String RESOURCE = "/hostile-input/corpus.tsv";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z]+)(?::([^}]*))?([+-][^}]*)?}");
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

    /** One case; {@code payload} is null for a record without value. */
    record Case(String name, String expected, byte[] payload) {
        boolean stored() {
            return STORED.equals(expected);
        }
    }

    private HostileCorpus() {}

    /** Every case, with placeholders filled in for a send at {@code now}. */
    static List<Case> load(Instant now) throws IOException {
        String text;
        try (InputStream in = HostileCorpus.class.getResourceAsStream(RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\t", 3);
            if (columns.length != 3) {
                throw new IllegalArgumentException("corpus line needs 3 tab-separated columns: " + line);
            }
            cases.add(new Case(columns[0], columns[1], payload(columns[0], columns[2], now)));
        }
        return cases;
    }

    private static byte[] payload(String name, String spec, Instant now) {
        if (spec.equals("null:")) {
            return null;
        }
        if (spec.startsWith("hex:")) {
            return HexFormat.ofDelimiter(" ").parseHex(spec.substring(4));
        }
        if (spec.startsWith("text:")) {
            return fill(name, spec.substring(5), now).getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("case " + name + ": payload must start with text:, hex: or null:");
    }

    private static String fill(String name, String template, Instant now) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String argument = m.group(2);
            String shift = m.group(3);
            String value = switch (m.group(1)) {
                case "id" ->
                    UUID.nameUUIDFromBytes((argument == null ? name : argument).getBytes(StandardCharsets.UTF_8))
                            .toString();
                case "now" -> instant(now, shift, argument);
                case "pad" -> "x".repeat(Integer.parseInt(argument));
                case "open" -> "{\"a\":".repeat(Integer.parseInt(argument));
                case "close" -> "}".repeat(Integer.parseInt(argument));
                case "bom" -> "\uFEFF";
                default -> throw new IllegalArgumentException("case " + name + ": unknown placeholder " + m.group());
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code ${now}}, {@code ${now:nanos}}, {@code ${now+05:45}} (an offset) or {@code ${now-6d}} (a shift). */
    private static String instant(Instant now, String shift, String format) {
        Instant millis = now.truncatedTo(ChronoUnit.MILLIS);
        if ("nanos".equals(format)) {
            return NANOS.format(now.plusNanos(123_456).atOffset(ZoneOffset.UTC));
        }
        if (shift == null) {
            return millis.toString();
        }
        if (shift.contains(":")) {
            return millis.atOffset(ZoneOffset.of(shift)).toString();
        }
        long amount = Long.parseLong(shift.substring(0, shift.length() - 1));
        Duration delta = switch (shift.charAt(shift.length() - 1)) {
            case 'd' -> Duration.ofDays(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> throw new IllegalArgumentException("unknown shift " + shift);
        };
        return millis.plus(delta).toString();
    }
}
