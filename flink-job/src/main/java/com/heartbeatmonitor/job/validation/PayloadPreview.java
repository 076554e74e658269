package com.heartbeatmonitor.job.validation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns an arbitrary payload into text that is safe to store and show: bounded in length, valid UTF-8
 * (bad bytes become U+FFFD), and with control and bidi-override characters escaped as {@code \\uXXXX}
 * so nothing can break a terminal, a dashboard, or PostgreSQL (which refuses NUL in text).
 */
public final class PayloadPreview {

    /** Enough to see what was wrong; a 5 MB message must not become a 5 MB row. */
    public static final int MAX_CHARS = 1024;

    private PayloadPreview() {}

    public static String of(byte[] payload) {
        if (payload == null) {
            return "";
        }
        int scanned = Math.min(payload.length, MAX_CHARS * 4);
        String text = new String(payload, 0, scanned, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 32);
        int i = 0;
        for (; i < text.length() && out.length() < MAX_CHARS; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && out.length() + 2 > MAX_CHARS) {
                break; // never split a surrogate pair
            }
            if (isUnsafe(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        int shownBytes = text.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
        if (shownBytes < payload.length) {
            out.append("...(").append(payload.length).append(" bytes in all)");
        }
        return out.toString();
    }

    /** Whether the bytes decode as UTF-8 without a single malformed or unmappable sequence. */
    public static boolean isValidUtf8(byte[] payload) {
        if (isAscii(payload)) {
            return true; // almost every message: no decoder needed
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean isAscii(byte[] payload) {
        for (byte b : payload) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnsafe(char c) {
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) // bidi embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069) // bidi isolates
                || c == 0x2028
                || c == 0x2029; // line and paragraph separators
    }
}
