package com.heartbeatmonitor.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ports nothing listens on right now, so a broker or cluster of a test or benchmark never meets a running one. */
public final class FreePorts {

    /**
     * Every port this JVM handed out. The system may offer a port it just offered again once its probe socket is
     * closed: two calls in a row then named the same port for a broker's client and controller listeners.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A free port, never one this JVM handed out before. */
    public static int any() throws IOException {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }
}
