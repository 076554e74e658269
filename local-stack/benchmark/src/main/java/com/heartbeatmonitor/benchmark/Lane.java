package com.heartbeatmonitor.benchmark;

/** Where one job of the benchmark reads and writes: its own topics, consumer group and database. */
record Lane(String name) {

    String topic() {
        return "bench-" + name + "-heartbeats";
    }

    String alertsTopic() {
        return "bench-" + name + "-alerts";
    }

    String settingsTopic() {
        return "bench-" + name + "-settings";
    }

    String group() {
        return "bench-" + name;
    }
}
