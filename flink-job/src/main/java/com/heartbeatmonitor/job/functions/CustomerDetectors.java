package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.config.DetectionProfile;
import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.detection.EpisodeDetector;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The detector for a customer's settings: the deployment's detection settings, or the customer's profile, with the
 * customer's thresholds and sustain times in their place. Customers share a detector per distinct choice (a few
 * dozen in practice), kept in a small cache: a detector holds settings only, no customer's state.
 */
final class CustomerDetectors {

    /** Distinct choices kept; more are rebuilt on demand (cheap: a detector is a handful of rule objects). */
    static final int CACHED = 256;

    private final DetectionSettings deployment;
    private final RiskBands bands;
    private final Judged defaults;
    private final Map<Choice, Judged> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Choice, Judged> eldest) {
            return size() > CACHED;
        }
    };

    CustomerDetectors(DetectionSettings deployment, RiskBands bands) {
        this.deployment = deployment;
        this.bands = bands;
        this.defaults = new Judged(new EpisodeDetector(deployment, bands), deployment);
    }

    /** The detector and thresholds for the version in force, or the deployment's for null. */
    Judged of(SettingsVersion version) {
        if (version == null) {
            return defaults;
        }
        Choice choice = Choice.of(version);
        Judged judged = cache.get(choice);
        if (judged == null) {
            DetectionSettings settings = settings(choice);
            judged = new Judged(new EpisodeDetector(settings, bands), settings);
            cache.put(choice, judged);
        }
        return judged;
    }

    /**
     * The detection settings of a choice; throws {@link IllegalArgumentException} when they do not hold together
     * (e.g. a low threshold not below the profile's high one), which makes the setting a rejection.
     */
    DetectionSettings settings(Choice c) {
        DetectionSettings base = c.profile() == null
                ? deployment
                : DetectionProfile.valueOf(c.profile()).settings();
        return base.toBuilder()
                .tachycardiaAbove(c.highBpm() != null ? c.highBpm() : base.tachycardiaAbove())
                .bradycardiaBelow(c.lowBpm() != null ? c.lowBpm() : base.bradycardiaBelow())
                .sustain(c.sustainMs() != null ? Duration.ofMillis(c.sustainMs()) : base.sustain())
                .exertionSustain(
                        c.exertionSustainMs() != null
                                ? Duration.ofMillis(c.exertionSustainMs())
                                : base.exertionSustain())
                .build();
    }

    /** What of a customer's settings changes detection: the cache key. */
    record Choice(String profile, Integer highBpm, Integer lowBpm, Long sustainMs, Long exertionSustainMs) {
        static Choice of(SettingsVersion v) {
            return new Choice(v.profile, v.highBpm, v.lowBpm, v.sustainMs, v.exertionSustainMs);
        }
    }

    /** A detector and the settings it judges by. */
    record Judged(EpisodeDetector detector, DetectionSettings settings) {}
}
