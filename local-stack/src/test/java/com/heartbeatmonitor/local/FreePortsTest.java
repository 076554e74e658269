package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void callsInARowNameDistinctPortsThatCanBeBound() throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ports.add(FreePorts.any());
        }

        assertThat(ports).hasSize(200);
        int last = FreePorts.any();
        try (ServerSocket socket = new ServerSocket(last)) {
            assertThat(socket.getLocalPort()).isEqualTo(last);
        }
    }
}
