package com.heartbeatmonitor.generator;

import static com.heartbeatmonitor.generator.SimulationProfile.*;

import java.util.SplittableRandom;

/**
 * Who a customer is and what their habits are; fixed for the whole simulation. {@code baseline} is the
 * resting rate, {@code awakeRate} the rate awake when nothing is going on. Times of day are local
 * (milliseconds after local midnight); {@code utcOffset} turns them into event time. {@code reportsActivity}:
 * the device sends the optional {@code activity} field.
 */
record CustomerTraits(
        int baseline,
        int awakeRate,
        long utcOffset,
        long wakeTime,
        boolean takesOffAtNight,
        long nightOffTime,
        long chargeTime,
        boolean exerciser,
        boolean irregular,
        boolean reportsActivity) {

    static CustomerTraits draw(SplittableRandom random, SimulationProfile profile) {
        boolean fit = random.nextDouble() < FIT_SHARE;
        int baseline = fit
                ? random.nextInt(FIT_BASELINE_MIN, FIT_BASELINE_MAX + 1)
                : random.nextInt(BASELINE_MIN, BASELINE_MAX + 1);
        return new CustomerTraits(
                baseline,
                baseline + random.nextInt(AWAKE_LIFT_MIN, AWAKE_LIFT_MAX + 1),
                random.nextLong(-TIME_ZONE_SPREAD, TIME_ZONE_SPREAD + 1),
                random.nextLong(WAKE_EARLIEST, WAKE_LATEST + 1),
                random.nextDouble() < NIGHT_OFF_SHARE,
                random.nextLong(NIGHT_OFF_EARLIEST, NIGHT_OFF_LATEST + 1),
                random.nextLong(CHARGE_EARLIEST, CHARGE_LATEST + 1),
                random.nextDouble() < (fit ? FIT_EXERCISER_SHARE : EXERCISER_SHARE),
                random.nextDouble() < profile.irregularShare(),
                random.nextDouble() < profile.activityShare());
    }
}
