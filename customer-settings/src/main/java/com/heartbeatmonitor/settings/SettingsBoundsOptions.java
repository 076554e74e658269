package com.heartbeatmonitor.settings;

import picocli.CommandLine.Option;

/**
 * The bounds of per-customer thresholds as flags, a picocli mixin shared by the job and heartbeat-admin, so both
 * judge a setting against the same range: {@code @Mixin SettingsBoundsOptions bounds;} then {@link #resolve()}.
 */
public final class SettingsBoundsOptions {

    @Option(
            names = "--settings-high-min",
            defaultValue = "${env:HEARTBEAT_SETTINGS_HIGH_MIN:-" + SettingsBounds.DEFAULT_HIGH_MIN + "}",
            description = "Lowest high-rate threshold a customer may set, bpm (env HEARTBEAT_SETTINGS_HIGH_MIN).")
    int highMin;

    @Option(
            names = "--settings-high-max",
            defaultValue = "${env:HEARTBEAT_SETTINGS_HIGH_MAX:-" + SettingsBounds.DEFAULT_HIGH_MAX + "}",
            description = "Highest high-rate threshold a customer may set, bpm (env HEARTBEAT_SETTINGS_HIGH_MAX).")
    int highMax;

    @Option(
            names = "--settings-low-min",
            defaultValue = "${env:HEARTBEAT_SETTINGS_LOW_MIN:-" + SettingsBounds.DEFAULT_LOW_MIN + "}",
            description = "Lowest low-rate threshold a customer may set, bpm (env HEARTBEAT_SETTINGS_LOW_MIN).")
    int lowMin;

    @Option(
            names = "--settings-low-max",
            defaultValue = "${env:HEARTBEAT_SETTINGS_LOW_MAX:-" + SettingsBounds.DEFAULT_LOW_MAX + "}",
            description = "Highest low-rate threshold a customer may set, bpm (env HEARTBEAT_SETTINGS_LOW_MAX).")
    int lowMax;

    /** The bounds; throws {@link IllegalArgumentException} naming the flags when they are not ranges. */
    public SettingsBounds resolve() {
        try {
            return new SettingsBounds(highMin, highMax, lowMin, lowMax);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--settings-high-min/-max and --settings-low-min/-max: " + e.getMessage());
        }
    }
}
