package com.heartbeatmonitor.job.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    /** What the parser did before the fast path: the formatter's answer, or its refusal. */
    private static String reference(String text) {
        try {
            Instant instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
            try {
                return Long.toString(instant.toEpochMilli());
            } catch (ArithmeticException e) {
                return Long.toString(instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE);
            }
        } catch (DateTimeException e) {
            return "refused";
        }
    }

    private static String fast(String text) {
        try {
            return Long.toString(IsoInstants.epochMilli(text));
        } catch (DateTimeException e) {
            return "refused";
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-21T10:15:30Z",
                "2026-11-21T10:15:30.1Z",
                "2026-11-21T10:15:30.123Z",
                "2026-11-21T10:15:30.123456789Z",
                "2026-11-21T10:15:30.1234567891Z",
                "2026-11-21T10:15:30.Z",
                "2026-11-21T10:15:30+01:00",
                "2026-11-21T10:15:30.5-05:30",
                "2026-11-21T10:15:30-00:00",
                "2026-11-21T10:15:30+18:00",
                "2026-11-21T10:15:30+18:01",
                "2026-11-21T10:15:30+01:00:30",
                "2026-11-21T10:15:30+0100",
                "2026-11-21t10:15:30z",
                "2026-11-21T10:15Z",
                "2026-11-21T24:00:00Z",
                "2026-11-21T23:59:60Z",
                "2024-02-29T00:00:00Z",
                "2026-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-00-01T00:00:00Z",
                "0000-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z",
                "1960-01-01T00:00:00.0005Z",
                "+12026-11-21T10:15:30Z",
                "-0001-11-21T10:15:30Z",
                "+999999999-12-31T23:59:59Z",
                "2026-11-21T10:15:30",
                "2026-11-21 10:15:30Z",
                "2026-1l-21T10:15:30Z",
                "2026-11-21T10:15:30ZZ",
                "",
                "yesterday"
            })
    void agreesWithTheFormatter(String text) {
        assertThat(fast(text)).as(text).isEqualTo(reference(text));
    }

    @Test
    void agreesWithTheFormatterOnRandomInstantsAndTheirMutations() {
        Random random = new Random(7);
        String alphabet = "0123456789-+:.TZz ";
        for (int i = 0; i < 50_000; i++) {
            long millis = random.nextLong(-4_000_000_000_000L, 8_000_000_000_000L);
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            String text = Instant.ofEpochMilli(millis)
                    .plusNanos(random.nextInt(1_000_000))
                    .atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(fast(text)).as(text).isEqualTo(reference(text));
            char[] mutated = text.toCharArray();
            mutated[random.nextInt(mutated.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            String other = new String(mutated);
            assertThat(fast(other)).as(other).isEqualTo(reference(other));
        }
    }

    @Test
    void refusesWhatIsNotAnInstantWithZone() {
        assertThatThrownBy(() -> IsoInstants.epochMilli("2026-11-21T10:15:30")).isInstanceOf(DateTimeException.class);
    }
}
