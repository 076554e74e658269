package com.heartbeatmonitor.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.heartbeatmonitor.job.records.RiskLevel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RiskBandsTest {

    @ParameterizedTest
    @CsvSource({
        "30, CRITICAL", "39, CRITICAL", "40, HIGH", "49, HIGH", "50, ELEVATED", "59, ELEVATED",
        "60, NORMAL", "72, NORMAL", "100, NORMAL", "101, ELEVATED", "120, ELEVATED", "121, HIGH",
        "150, HIGH", "151, CRITICAL", "220, CRITICAL"
    })
    void defaultBandsClassifyEveryBoundary(int bpm, RiskLevel expected) {
        assertThat(RiskBands.DEFAULT.classify(bpm)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"40,50,60,100,120", "40,50,60,100,120,150,160", "40,50,sixty,100,120,150", "60,50,40,100,120,150"
            })
    void malformedBandsAreRefusedWithTheExpectedForm(String text) {
        assertThatThrownBy(() -> RiskBands.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"40,50,60,100,120,150", " 35, 45 ,55,105,125,160"})
    void wellFormedBandsRoundTrip(String text) {
        RiskBands bands = RiskBands.parse(text);
        assertThat(RiskBands.parse(bands.toString())).isEqualTo(bands);
    }
}
