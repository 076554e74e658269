package com.heartbeatmonitor.generator;

import java.time.Duration;

/**
 * The daily life the simulation follows, in one place. Every customer has a circadian day (sleep,
 * activities, stress, maybe exercise) with gradual rises and recoveries, optical artefacts, and rare
 * pathological episodes. Benign behaviour is calibrated to 30 days of 8 real Fitbit wearers (see
 * HeartbeatGeneratorCalibrationTest). Durations are event time.
 *
 * <p>{@link #DEFAULT} is that physiology on an ideal device (always worn, regular cadence), so the total
 * rate is exactly the requested one, as load tests need. {@link #dailyLife()} adds real device
 * behaviour: irregular sampling, off-wrist nights, charging, dropouts and the DEVICE_STOPPED episode.
 *
 * @param meanTimeBetweenAnomalies mean event time between pathological episodes of one customer
 * @param irregularShare share of customers whose device samples irregularly (5-15x the nominal spacing)
 * @param wearGaps whether devices come off the wrist, charge, drop out and stop (DEVICE_STOPPED)
 * @param activityShare share of customers whose device sends the optional {@code activity} field
 */
public record SimulationProfile(
        Duration meanTimeBetweenAnomalies, double irregularShare, boolean wearGaps, double activityShare) {

    /** One pathological episode per customer-day: rare enough that days look normal, enough to score. */
    public static final Duration DEFAULT_ANOMALY_INTERVAL = Duration.ofDays(1);
    /** Consumer wearables differ: Fitbit-like devices sample irregularly, others on a fixed clock. */
    public static final double DAILY_LIFE_IRREGULAR_SHARE = 0.5;
    /** Some devices report motion (a step count or an activity state), most integrations send none. */
    public static final double DEFAULT_ACTIVITY_SHARE = 0.3;

    public static final SimulationProfile DEFAULT = new SimulationProfile(DEFAULT_ANOMALY_INTERVAL, 0.0, false);

    public SimulationProfile {
        if (meanTimeBetweenAnomalies == null
                || meanTimeBetweenAnomalies.isNegative()
                || meanTimeBetweenAnomalies.isZero()) {
            throw new IllegalArgumentException("anomaly interval must be positive, got " + meanTimeBetweenAnomalies);
        }
        if (!(irregularShare >= 0 && irregularShare <= 1)) {
            throw new IllegalArgumentException("irregular share must be within [0, 1], got " + irregularShare);
        }
        if (!(activityShare >= 0 && activityShare <= 1)) {
            throw new IllegalArgumentException("activity share must be within [0, 1], got " + activityShare);
        }
    }

    /** A profile whose devices send {@code activity} for the default share of customers. */
    public SimulationProfile(Duration meanTimeBetweenAnomalies, double irregularShare, boolean wearGaps) {
        this(meanTimeBetweenAnomalies, irregularShare, wearGaps, DEFAULT_ACTIVITY_SHARE);
    }

    /** Daily life with real device behaviour: half the devices irregular, wear gaps on. */
    public static SimulationProfile dailyLife() {
        return new SimulationProfile(DEFAULT_ANOMALY_INTERVAL, DAILY_LIFE_IRREGULAR_SHARE, true);
    }

    /** The default profile with pathological episodes this often (mean event time per customer). */
    public static SimulationProfile withAnomalyInterval(Duration meanTimeBetweenAnomalies) {
        return DEFAULT.anomalyInterval(meanTimeBetweenAnomalies);
    }

    public SimulationProfile anomalyInterval(Duration interval) {
        return new SimulationProfile(interval, irregularShare, wearGaps, activityShare);
    }

    public SimulationProfile irregular(double share) {
        return new SimulationProfile(meanTimeBetweenAnomalies, share, wearGaps, activityShare);
    }

    /** The same profile with {@code share} of the customers sending {@code activity}. */
    public SimulationProfile activity(double share) {
        return new SimulationProfile(meanTimeBetweenAnomalies, irregularShare, wearGaps, share);
    }

    static final long SECOND = 1_000;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    // --- The person ---
    /** Resting rates of adults (AHA: 60-100; wearables see 55-85 awake at rest), in bpm. */
    static final int BASELINE_MIN = 55;

    static final int BASELINE_MAX = 85;
    /** Endurance-trained people rest at 45-55 bpm; about one wearer in seven. */
    static final double FIT_SHARE = 0.15;

    static final int FIT_BASELINE_MIN = 45;
    static final int FIT_BASELINE_MAX = 55;
    /**
     * Awake and sitting about, the rate sits a little above the resting baseline (measured lying still):
     * real fit wearers are seldom below 50 bpm by day.
     */
    static final int AWAKE_LIFT_MIN = 3;

    static final int AWAKE_LIFT_MAX = 8;
    /** Customers of one region spread over a few time zones (and chronotypes): +-2 h. */
    static final long TIME_ZONE_SPREAD = 2 * HOUR;

    // --- Sleep ---
    /** Habitual local wake-up time, and how much it varies from day to day. */
    static final long WAKE_EARLIEST = 5 * HOUR + 30 * MINUTE;

    static final long WAKE_LATEST = 8 * HOUR + 30 * MINUTE;
    static final long WAKE_JITTER = 30 * MINUTE;
    /** Adults sleep 7-8.5 h a night. */
    static final long SLEEP_MIN = 7 * HOUR;

    static final long SLEEP_MAX = 8 * HOUR + 30 * MINUTE;
    /** Nocturnal dip of the heart rate below the resting baseline (8-15 bpm in sleep studies). */
    static final int SLEEP_DROP_MIN = 8;

    static final int SLEEP_DROP_MAX = 15;
    /** Fit sleepers dip into the low 40s but are not sustained below 40. */
    static final double SLEEP_FLOOR = 42;
    /** The rate settles over ~10 min after falling asleep and rises within ~2 min of waking. */
    static final double FALL_ASLEEP_TAU_S = 600;

    static final double WAKE_UP_TAU_S = 120;

    // --- Variability ---
    /** Posture, breathing and mood move the rate slowly: a wobble (time constant, sd) per state. */
    static final double WOBBLE_TAU_S = 90;

    static final double WOBBLE_SD_AWAKE = 2.5;
    static final double WOBBLE_SD_ASLEEP = 1.2;
    static final double WOBBLE_SD_EXERCISE = 3.0;
    /** Noise of each reading, bpm: small, as wearables report averages over several beats. */
    static final double SENSOR_NOISE_SD = 0.5;

    // --- Activities (awake) ---
    /** Walks: to 90-110 bpm, several a day; most wearers log 6-10 walking bouts. */
    static final double WALKS_PER_DAY = 8;

    static final long WALK_MIN = 5 * MINUTE;
    static final long WALK_MAX = 30 * MINUTE;
    static final int WALK_LEVEL_MIN = 90;
    static final int WALK_LEVEL_MAX = 110;
    /** Any activity lifts the rate at least this far above the resting baseline. */
    static final int ACTIVITY_MIN_RISE = 10;
    /** Stairs: short and steep, to 110-130 bpm. */
    static final double STAIRS_PER_DAY = 6;

    static final long STAIRS_MIN = 60 * SECOND;
    static final long STAIRS_MAX = 150 * SECOND;
    static final int STAIRS_LEVEL_MIN = 115;
    static final int STAIRS_LEVEL_MAX = 135;
    /** Stress: +10-25 bpm for minutes, a couple of times a day. */
    static final double STRESS_PER_DAY = 1.5;

    static final long STRESS_MIN = 5 * MINUTE;
    static final long STRESS_MAX = 30 * MINUTE;
    static final int STRESS_RISE_MIN = 10;
    static final int STRESS_RISE_MAX = 25;
    /** Exercise: some customers, 0-1 sessions a day of 20-60 min at 120-180 bpm, in harder and easier bouts. */
    static final double EXERCISER_SHARE = 0.45;

    static final double FIT_EXERCISER_SHARE = 0.9;
    static final double EXERCISE_DAY_PROBABILITY = 0.5;
    static final long EXERCISE_MIN = 20 * MINUTE;
    static final long EXERCISE_MAX = 60 * MINUTE;
    static final int EXERCISE_PEAK_MIN = 120;
    static final int EXERCISE_PEAK_MAX = 180;
    static final long EXERCISE_BOUT_MIN = 1 * MINUTE;
    static final long EXERCISE_BOUT_MAX = 5 * MINUTE;
    static final int EXERCISE_EASY_DROP_MIN = 10;
    static final int EXERCISE_EASY_DROP_MAX = 30;
    /** Rises follow a time constant of 30-90 s, recoveries 1-3 min (heart-rate kinetics literature). */
    static final double WALK_RISE_TAU_S = 60;

    static final double WALK_RECOVERY_TAU_S = 120;
    static final double STAIRS_RISE_TAU_S = 30;
    static final double STAIRS_RECOVERY_TAU_S = 90;
    static final double STRESS_RISE_TAU_S = 90;
    static final double STRESS_RECOVERY_TAU_S = 180;
    static final double EXERCISE_RISE_TAU_S = 60;
    static final double EXERCISE_RECOVERY_TAU_S = 150;

    // --- Pathology (awake, at rest, never during exercise or sleep) ---
    /** Rest required before a pathological onset, so it starts from the resting rate. */
    static final long REST_BEFORE_PATHOLOGY = 10 * MINUTE;

    static final int PAROXYSMAL_LEVEL_MIN = 150;
    static final int PAROXYSMAL_LEVEL_MAX = 220;
    static final long PAROXYSMAL_MIN = 3 * MINUTE;
    static final long PAROXYSMAL_MAX = 30 * MINUTE;
    /** Onset and offset within 1-2 readings; the plateau stays within +-3 bpm. */
    static final double PAROXYSMAL_TAU_S = 0.5;

    static final double PAROXYSMAL_BAND = 3;
    static final double PAROXYSMAL_WOBBLE_SD = 0.8;
    static final int RESTING_TACHY_LEVEL_MIN = 125;
    static final int RESTING_TACHY_LEVEL_MAX = 150;
    static final long RESTING_TACHY_DRIFT_MIN = 15 * MINUTE;
    static final long RESTING_TACHY_DRIFT_MAX = 40 * MINUTE;
    static final long RESTING_TACHY_HOLD_MIN = 1 * HOUR;
    static final long RESTING_TACHY_HOLD_MAX = 4 * HOUR;
    static final double RESTING_TACHY_TAU_S = 60;
    static final int BRADY_LEVEL_MIN = 30;
    static final int BRADY_LEVEL_MAX = 38;
    static final long BRADY_MIN = 15 * MINUTE;
    static final long BRADY_MAX = 60 * MINUTE;
    /** Onset over 1-3 min: a time constant of a third of that. */
    static final long BRADY_ONSET_MIN = 1 * MINUTE;

    static final long BRADY_ONSET_MAX = 3 * MINUTE;
    static final double BRADY_RECOVERY_TAU_S = 60;
    /** Keeps the plateau below 40 bpm: at most 38 + 1.4, which rounds to 39. */
    static final double BRADY_WOBBLE_SD = 1.0;

    static final double BRADY_BAND = 1.4;
    static final long DEVICE_STOPPED_MIN = 2 * HOUR;
    static final long DEVICE_STOPPED_MAX = 8 * HOUR;
    /** A stop only counts as unusual this far from the customer's habitual off-wrist and charging times. */
    static final long HABIT_MARGIN = 45 * MINUTE;
    // --- Atrial fibrillation (AF), its look-alikes, and what the device makes of single beats ---
    /** Share of the pathological episodes that are AF with rapid ventricular response (RVR). */
    static final double AF_SHARE_OF_PATHOLOGY = 1.0 / 3;
    /**
     * RVR is a ventricular rate above 100-110 bpm (2023 ACC/AHA/ACCP/HRS AF guideline); untreated
     * paroxysms at rest run at 110-170 bpm (the Holter recordings of issue 18: 10-min means of 129-170).
     */
    static final int AF_RVR_LEVEL_MIN = 110;

    static final int AF_RVR_LEVEL_MAX = 170;
    /** Rate-controlled AF: 90-115 bpm at rest (RACE II: lenient control is below 110 at rest). */
    static final int AF_SLOW_LEVEL_MIN = 90;

    static final int AF_SLOW_LEVEL_MAX = 115;
    /** Slow AF comes with the illness: this many per pathological episode (per --anomaly-interval). */
    static final double AF_SLOW_PER_ANOMALY = 0.15;
    /**
     * Paroxysmal AF lasts minutes to hours, most episodes short (implanted-device and Holter studies of
     * AF burden): log-uniform from 5 min to 4 h, so 64% end within the hour and 36% last longer.
     */
    static final long AF_MIN = 5 * MINUTE;

    static final long AF_MAX = 4 * HOUR;
    /** Onset and termination within seconds to about 2 minutes: a time constant of 3-40 s. */
    static final double AF_TAU_MIN_S = 3;

    static final double AF_TAU_MAX_S = 40;
    /**
     * Beat-to-beat (RR) intervals in AF are irregularly irregular: coefficient of variation 0.15-0.25 per
     * episode, successive intervals nearly independent (Tateno &amp; Glass 2001).
     */
    static final double AF_RR_CV_MIN = 0.15;

    static final double AF_RR_CV_MAX = 0.25;
    /** The AV node conducts no two beats closer than about 250 ms at rest. */
    static final double AF_RR_FLOOR_MS = 250;
    /**
     * What "should alert" means for AF: a mean rate of at least 125 bpm for at least 15 min stays above the
     * vendors' 120 bpm for their 10 min; at most 115 bpm never should; what lies between is borderline.
     */
    static final int AF_ALERT_LEVEL = 125;

    static final long AF_ALERT_LENGTH = 15 * MINUTE;
    static final int AF_QUIET_LEVEL = 115;
    /**
     * What a device reports of the beats: a 1 Hz device the mean rate of the beats in the last 5 s, a
     * device reading every 5-15 s the median of the last 10 s (as the Holter recordings of issue 18 were
     * turned into wearable data).
     */
    static final double REGULAR_WINDOW_MS = 5_000;

    static final double IRREGULAR_WINDOW_MS = 10_000;
    /** Sinus rhythm at rest varies a few per cent from beat to beat (heart-rate variability). */
    static final double SINUS_RR_CV = 0.04;
    /** Premature (ectopic) beats at rest, a few a minute for 10-60 min, about every other day. */
    static final double ECTOPY_PER_DAY = 0.5;

    static final long ECTOPY_MIN = 10 * MINUTE;
    static final long ECTOPY_MAX = 60 * MINUTE;
    static final double ECTOPY_PER_MINUTE_MIN = 2;
    static final double ECTOPY_PER_MINUTE_MAX = 6;
    /** A premature beat comes after 55-75% of the sinus interval; the pause after it completes two intervals. */
    static final double ECTOPY_COUPLING_MIN = 0.55;

    static final double ECTOPY_COUPLING_MAX = 0.75;
    /**
     * Fever at rest: the rate rises about 10 bpm per degree Celsius (Karjalainen &amp; Viitasalo 1986:
     * 8.5 bpm/degree), 1-2.5 degrees, drifting up over 20-60 min and staying 1-5 h. A resting adult
     * with fever rarely exceeds 120 bpm: fevers here stay at or below 115 bpm, and must not alert.
     */
    static final double FEVER_PER_ANOMALY = 0.1;

    static final double FEVER_BPM_PER_DEGREE = 10;
    static final double FEVER_DEGREES_MIN = 1.0;
    static final double FEVER_DEGREES_MAX = 2.5;
    static final int FEVER_LEVEL_MAX = 115;
    static final long FEVER_DRIFT_MIN = 20 * MINUTE;
    static final long FEVER_DRIFT_MAX = 60 * MINUTE;
    static final long FEVER_HOLD_MIN = 1 * HOUR;
    static final long FEVER_HOLD_MAX = 5 * HOUR;
    /**
     * Optical sensors err most during exercise (Bent et al. 2020, npj Digital Medicine 3:18): a share of
     * sessions (loose strap, sweat, arm swing) shows sporadic jumps of 15-30 bpm for a few seconds,
     * dropouts of 5-20 s and cadence lock, the reading pulled to the step rate (130-170 per minute) for
     * 1-4 min. Jumps stay under 40 bpm and the lock moves with a time constant of 8 s, as the calibration
     * to real wearers (few 40 bpm jumps) requires.
     */
    static final double EXERCISE_NOISY_SHARE = 0.35;

    static final long NOISE_JUMP_MEAN_INTERVAL = 8 * MINUTE;
    static final long NOISE_JUMP_MIN = 2 * SECOND;
    static final long NOISE_JUMP_MAX = 8 * SECOND;
    static final int NOISE_JUMP_BPM_MIN = 15;
    static final int NOISE_JUMP_BPM_MAX = 30;
    static final long CADENCE_LOCK_MEAN_INTERVAL = 20 * MINUTE;
    static final long CADENCE_LOCK_MIN = 1 * MINUTE;
    static final long CADENCE_LOCK_MAX = 4 * MINUTE;
    static final int CADENCE_MIN = 130;
    static final int CADENCE_MAX = 170;
    static final double CADENCE_LOCK_TAU_S = 8;
    static final double DROPOUTS_PER_NOISY_SESSION = 3;
    static final long DROPOUT_MIN = 5 * SECOND;
    static final long DROPOUT_MAX = 20 * SECOND;

    /** Placing an episode in a day that has no room for it gives up after this many tries. */
    static final int PLACEMENT_ATTEMPTS = 20;
    /** More pathological episodes than this in a day cannot fit anyway. */
    static final int MAX_EPISODES_PER_DAY = 40;

    // --- The device ---
    /** An irregular device waits 5-15x the nominal spacing between readings (Fitbit: 5-15 s). */
    static final double IRREGULAR_FACTOR_MIN = 5;

    static final double IRREGULAR_FACTOR_MAX = 15;
    /** Most wearers take the device off for the night, at a habitual local time +-45 min. */
    static final double NIGHT_OFF_SHARE = 0.7;

    static final long NIGHT_OFF_EARLIEST = 21 * HOUR;
    static final long NIGHT_OFF_LATEST = 23 * HOUR + 30 * MINUTE;
    static final long HABIT_JITTER = 45 * MINUTE;
    /** ...and put it back on 5-45 min after waking. */
    static final long BACK_ON_MIN = 5 * MINUTE;

    static final long BACK_ON_MAX = 45 * MINUTE;
    /** Charging on most days, 20-90 min, at a habitual local daytime +-45 min. */
    static final double CHARGE_DAY_PROBABILITY = 0.9;

    static final long CHARGE_MIN = 20 * MINUTE;
    static final long CHARGE_MAX = 90 * MINUTE;
    static final long CHARGE_EARLIEST = 7 * HOUR;
    static final long CHARGE_LATEST = 20 * HOUR;
    /** Short dropouts (loose strap, shower), 30 s - 5 min; with the long gaps ~5 gaps > 30 s a day. */
    static final double SHORT_GAPS_PER_DAY = 3;

    static final long SHORT_GAP_MIN = 30 * SECOND;
    static final long SHORT_GAP_MAX = 5 * MINUTE;
    /**
     * Isolated optical artefacts, 1-2 readings 40-70 bpm off, 0.2 per person-day: each makes two jumps,
     * seen only where readings are at most 5 s apart, which gives the 0.15 jumps a day real wearers show.
     */
    static final long ARTEFACT_MEAN_INTERVAL = Math.round(DAY / 0.2);

    static final double ARTEFACT_DOUBLE_SHARE = 0.3;
    static final int ARTEFACT_JUMP_MIN = 40;
    static final int ARTEFACT_JUMP_MAX = 70;

    /** Every valid reading stays inside the job's valid range (30-220 bpm, inclusive). */
    static final int READING_FLOOR = 30;

    static final int READING_CEILING = 220;
}
