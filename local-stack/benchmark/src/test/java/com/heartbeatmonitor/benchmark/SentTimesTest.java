package com.heartbeatmonitor.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SentTimesTest {

    @Test
    void eachPartitionsOffsetsReadBackTheirTimestamps() {
        SentTimes sent = new SentTimes(4);
        sent.put(1, 500, 10);
        sent.put(0, 7, 20);
        sent.put(1, 501, 11);

        assertThat(sent.at(1, 500)).isEqualTo(10);
        assertThat(sent.at(1, 501)).isEqualTo(11);
        assertThat(sent.at(0, 7)).isEqualTo(20);
        assertThat(sent.size()).isEqualTo(3);
    }

    @Test
    void whatWasNotSentIsNull() {
        SentTimes sent = new SentTimes(4);
        sent.put(0, 100, 1);
        sent.put(0, 102, 3); // 101 fell outside the measured window

        assertThat(sent.at(0, 101)).isNull();
        assertThat(sent.at(0, 99)).isNull();
        assertThat(sent.at(0, 1_000_000)).isNull();
        assertThat(sent.at(1, 100)).isNull();
        assertThat(sent.at(5, 100)).isNull();
        assertThat(sent.size()).isEqualTo(2);
    }

    @Test
    void morePastTheExpectedCountStillFits() {
        SentTimes sent = new SentTimes(16);
        for (long offset = 0; offset < 1_000; offset++) {
            sent.put(0, offset, offset * 2);
        }

        assertThat(sent.size()).isEqualTo(1_000);
        assertThat(sent.at(0, 999)).isEqualTo(1_998);
        assertThat(sent.at(0, 17)).isEqualTo(34);
    }

    @Test
    void aTimestampOfZeroOrBelowIsATimestamp() {
        SentTimes sent = new SentTimes(4);
        sent.put(0, 0, 0);
        sent.put(0, 1, -5);

        assertThat(sent.at(0, 0)).isZero();
        assertThat(sent.at(0, 1)).isEqualTo(-5);
    }

    @Test
    void anOffsetBeforeThePartitionsFirstIsRefused() {
        SentTimes sent = new SentTimes(4);
        sent.put(0, 10, 1);

        assertThatThrownBy(() -> sent.put(0, 9, 2)).hasMessageContaining("offset 9 of partition 0");
    }
}
