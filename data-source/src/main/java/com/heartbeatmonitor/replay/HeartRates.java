package com.heartbeatmonitor.replay;

/** Recorded bpm values as the contract wants them: whole numbers. */
final class HeartRates {

    private HeartRates() {}

    /**
     * {@code 72}, {@code 72.0}, {@code 71.5} (rounds to 72, halves up) or {@code 71.49} (71). Values
     * outside the valid range are kept; a value that is not a finite number, or no whole number fits an
     * int, is an error.
     */
    static int round(String text) {
        String value = text.trim();
        double bpm;
        try {
            bpm = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("heart rate '" + value + "' is not a number");
        }
        if (!Double.isFinite(bpm) || Math.abs(bpm) > 1_000_000) {
            throw new IllegalArgumentException("heart rate '" + value + "' is not a plausible number");
        }
        return (int) Math.round(bpm);
    }

    /** Removes surrounding blanks and one pair of double quotes. */
    static String unquote(String field) {
        String f = field.trim();
        return f.length() >= 2 && f.charAt(0) == '"' && f.charAt(f.length() - 1) == '"'
                ? f.substring(1, f.length() - 1).trim()
                : f;
    }
}
