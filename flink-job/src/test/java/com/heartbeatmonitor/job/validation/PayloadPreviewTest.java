package com.heartbeatmonitor.job.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadPreviewTest {

    @Test
    void printableTextIsKeptAsIs() {
        assertThat(PayloadPreview.of(bytes("{\"heart_rate\": 72, \"note\": \"ok ✓\"}")))
                .isEqualTo("{\"heart_rate\": 72, \"note\": \"ok ✓\"}");
    }

    @Test
    void controlAndBidiCharactersAreEscaped() {
        assertThat(PayloadPreview.of(bytes("a\u0000b\nc\u001bd\u202ee\u0085")))
                .isEqualTo("a\\u0000b\\u000ac\\u001bd\\u202ee\\u0085");
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        assertThat(PayloadPreview.of(new byte[] {'a', (byte) 0xff, 'b'})).isEqualTo("a\ufffdb");
        assertThat(PayloadPreview.isValidUtf8(new byte[] {'a', (byte) 0xff})).isFalse();
        assertThat(PayloadPreview.isValidUtf8(bytes("ü✓"))).isTrue();
    }

    @Test
    void largePayloadIsCutAndSaysHowLargeItWas() {
        String preview = PayloadPreview.of(bytes("x".repeat(5_000_000)));

        assertThat(preview).startsWith("x".repeat(PayloadPreview.MAX_CHARS));
        assertThat(preview).endsWith("...(5000000 bytes in all)");
        assertThat(preview.length()).isEqualTo(PayloadPreview.MAX_CHARS + "...(5000000 bytes in all)".length());
    }

    @Test
    void cutNeverSplitsASurrogatePair() {
        String preview = PayloadPreview.of(bytes("x".repeat(PayloadPreview.MAX_CHARS - 1) + "😀😀"));

        assertThat(preview).startsWith("x".repeat(PayloadPreview.MAX_CHARS - 1) + "...");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
