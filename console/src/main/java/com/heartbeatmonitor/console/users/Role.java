package com.heartbeatmonitor.console.users;

/** What a console user may do; each role may do all that the ones before it may. */
public enum Role {
    /** Reads every page. */
    VIEWER,
    /** Also acknowledges, snoozes, resolves and reopens alerts and changes a customer's settings. */
    CARER,
    /** Also creates users and changes their roles. */
    ADMIN;

    /** Spring Security's authorities for this role: its own and those of the roles below it. */
    public String[] authorities() {
        return java.util.Arrays.stream(values())
                .filter(r -> r.ordinal() <= ordinal())
                .map(r -> "ROLE_" + r.name())
                .toArray(String[]::new);
    }
}
