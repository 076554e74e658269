package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;

/**
 * An irregularly irregular rhythm, as in atrial fibrillation: a run above the threshold whose rhythm is
 * irregular must hold only {@code sustain}, whatever its rise looked like (an AF onset lifts the averaged
 * rate 20-40 bpm within a minute or two, like exercise) and whatever the activity.
 *
 * <p>The measure works on what a wearable sends, a rate averaged over the last 1-15 s of beats, at any
 * cadence. Readings are averaged per block of {@code irregularBlock} (at least the customer's reading
 * interval), so each block mean covers different beats whatever the device: a 1 Hz device contributes
 * 15 readings to a block, a 15 s device one. A block is an <em>irregular step</em> when its mean departs
 * from the straight line through the two blocks before by at least {@code irregularStepPercent} of the
 * rate: the line takes out the trend (a workout's climb and recovery, a fever's drift), what is left is
 * the beat-to-beat variation that survives averaging. In AF, RR intervals vary independently with a
 * coefficient of variation of 0.15-0.25 (Tateno and Glass 2001), so a 15 s mean of ~35 beats still
 * varies by 3-4% and the departure (of three such means) by 8-10%; a sinus rhythm's averaged rate,
 * at rest or in exercise, varies by about 1%. The rhythm is irregular when <em>more than half</em> of
 * the last {@code irregularWindow} of blocks were irregular steps (at least half that window judged):
 * a median, so sporadic optical artefacts (each disturbs three verdicts) do not make a regular rhythm
 * irregular, as Apple's irregular-rhythm notification demands repeated irregular tachograms.
 */
final class IrregularOnset implements Onset {

    private static final int ADJACENT = 2;
    /**
     * A reading this far from the smoothed rate is an optical artefact for the rhythm: an averaged reading
     * in AF strays by 3-7% of the rate (one standard deviation), so 15% is 2-5 of them.
     */
    private static final double ARTEFACT_FRACTION = 0.15;
    /** Blocks of at least this many readings (a 1 Hz device's) lose their lowest and highest reading. */
    private static final int TRIM_FROM = 5;

    private final double stepFraction;
    private final long blockMs;
    private final int windowBlocks;
    private final int above;
    private final long sustainMs;

    IrregularOnset(DetectionSettings settings) {
        this.stepFraction = settings.irregularStepPercent() / 100;
        this.blockMs = settings.irregularBlock().toMillis();
        this.windowBlocks = blockMs == 0 ? 0 : (int) (settings.irregularWindow().toMillis() / blockMs);
        this.above = settings.tachycardiaAbove();
        this.sustainMs = settings.sustain().toMillis();
    }

    @Override
    public void follow(DetectorState st, long ts, int bpm) {
        if (stepFraction == 0 || st.level <= above) {
            st.rhythm = null; // judged over a run above the threshold only: a climb to it is no rhythm
            return;
        }
        if (Math.abs(bpm - st.level) > ARTEFACT_FRACTION * st.level) {
            return; // an optical artefact, not a beat-to-beat variation: left out of the rhythm
        }
        Rhythm r = st.rhythm;
        if (r == null) {
            r = new Rhythm();
            st.rhythm = r;
        }
        long block = Math.max(blockMs, st.cadenceMs);
        if (r.blockStart != EpisodeDetector.NONE && ts - r.blockStart < block) {
            r.blockSum += bpm;
            r.blockMin = Math.min(r.blockMin, bpm);
            r.blockMax = Math.max(r.blockMax, bpm);
            r.blockReadings++;
            return;
        }
        if (r.blockStart != EpisodeDetector.NONE) {
            close(r, blockMean(r));
            if (ts - r.blockStart >= 2 * block) {
                r.chained = 0; // a block without readings: the next is no neighbour of this one
            }
        }
        r.blockStart = ts;
        r.blockSum = bpm;
        r.blockMin = bpm;
        r.blockMax = bpm;
        r.blockReadings = 1;
    }

    /** The block's mean; without its lowest and highest reading when it has enough, so one artefact drops out. */
    private static float blockMean(Rhythm r) {
        return r.blockReadings >= TRIM_FROM
                ? (r.blockSum - r.blockMin - r.blockMax) / (r.blockReadings - 2)
                : r.blockSum / r.blockReadings;
    }

    private void close(Rhythm r, float mean) {
        if (r.chained == ADJACENT) {
            double departure = Math.abs(mean - 2.0 * r.previous + r.beforePrevious);
            r.steps = (r.steps << 1) | (departure >= stepFraction * mean ? 1 : 0);
            r.judged = Math.min(r.judged + 1, Long.SIZE);
        }
        r.beforePrevious = r.previous;
        r.previous = mean;
        r.chained = Math.min(r.chained + 1, ADJACENT);
    }

    /** Whether more than half of the last window's blocks were irregular steps, with at least half a window judged. */
    boolean irregular(DetectorState st) {
        Rhythm r = st.rhythm;
        if (r == null || windowBlocks == 0) {
            return false;
        }
        int n = Math.min(r.judged, windowBlocks);
        if (2 * n < windowBlocks) {
            return false;
        }
        long window = n == Long.SIZE ? -1L : (1L << n) - 1;
        return 2 * Long.bitCount(r.steps & window) > n;
    }

    @Override
    public void afterGap(DetectorState st) {
        st.rhythm = null;
    }

    @Override
    public long bar(DetectorState st, long ts, long runStart, long barMs) {
        return barMs > sustainMs && irregular(st) ? sustainMs : barMs;
    }
}
