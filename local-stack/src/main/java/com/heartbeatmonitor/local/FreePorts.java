package com.heartbeatmonitor.local;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports nothing listens on right now, so a broker or cluster of a test or benchmark never meets a running one. */
public final class FreePorts {

    private FreePorts() {}

    public static int any() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
