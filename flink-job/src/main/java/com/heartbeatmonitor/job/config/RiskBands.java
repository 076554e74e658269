package com.heartbeatmonitor.job.config;

import com.heartbeatmonitor.job.records.RiskLevel;
import java.io.Serializable;

/**
 * Heart-rate bands of the per-reading risk level, in bpm. Defaults follow the resting adult range of
 * 60-100 bpm (American Heart Association): inside it is NORMAL. Mild deviations (50-59: common in
 * athletes and during sleep; 101-120: light activity, stress) are ELEVATED. 40-49 and 121-150 are HIGH:
 * bradycardia and tachycardia a clinician would want to look at. Below 40 or above 150 at rest is
 * CRITICAL: these risk syncope or point to an arrhythmia.
 *
 * <p>A reading is in a band when it is strictly below the lower bound or strictly above the upper one.
 */
public record RiskBands(
        int criticalBelow, int highBelow, int elevatedBelow, int elevatedAbove, int highAbove, int criticalAbove)
        implements Serializable {

    /** The default bounds, in {@link #parse} form: the one place they are written (the flag's default reads it). */
    public static final String DEFAULT_BOUNDS = "40,50,60,100,120,150";

    public static final RiskBands DEFAULT = parse(DEFAULT_BOUNDS);

    public RiskBands {
        if (!(criticalBelow <= highBelow
                && highBelow <= elevatedBelow
                && elevatedBelow <= elevatedAbove
                && elevatedAbove <= highAbove
                && highAbove <= criticalAbove)) {
            throw new IllegalArgumentException("risk bands must be non-decreasing: " + this);
        }
    }

    /** Parses {@code "40,50,60,100,120,150"}: the six bounds in the order of the record components. */
    public static RiskBands parse(String text) {
        String[] parts = text.split(",");
        if (parts.length != 6) {
            throw new IllegalArgumentException("risk bands need 6 comma-separated bpm values "
                    + "(critical<, high<, elevated<, elevated>, high>, critical>), e.g. 40,50,60,100,120,150; got '"
                    + text + "'");
        }
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("risk band '" + parts[i].trim() + "' is not a whole number");
            }
        }
        return new RiskBands(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    public RiskLevel classify(int bpm) {
        if (bpm < criticalBelow || bpm > criticalAbove) {
            return RiskLevel.CRITICAL;
        }
        if (bpm < highBelow || bpm > highAbove) {
            return RiskLevel.HIGH;
        }
        if (bpm < elevatedBelow || bpm > elevatedAbove) {
            return RiskLevel.ELEVATED;
        }
        return RiskLevel.NORMAL;
    }

    @Override
    public String toString() {
        return criticalBelow + "," + highBelow + "," + elevatedBelow + "," + elevatedAbove + "," + highAbove + ","
                + criticalAbove;
    }
}
