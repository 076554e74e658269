package com.heartbeatmonitor.console.users;

import java.time.Instant;

/** A row of console_users, without its password hash. */
public record ConsoleUser(String username, Role role, boolean enabled, String createdBy, Instant createdAt) {}
