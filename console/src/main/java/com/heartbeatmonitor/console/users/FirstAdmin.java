package com.heartbeatmonitor.console.users;

import com.heartbeatmonitor.console.ConsoleConfig;
import com.heartbeatmonitor.console.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start: when no enabled admin exists, makes the one the environment names (HEARTBEAT_CONSOLE_ADMIN_USER and its
 * password), or, when that user exists already, makes them an enabled admin with that password again (the way back
 * in for a deployment whose admins are all disabled). Without one and without any admin the console refuses to
 * start: nobody could sign in to create the first user.
 */
@Component
public class FirstAdmin implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);

    private final ConsoleUsers users;
    private final AuditLog audit;
    private final ObjectProvider<ConsoleConfig> config;

    public FirstAdmin(ConsoleUsers users, AuditLog audit, ObjectProvider<ConsoleConfig> config) {
        this.users = users;
        this.audit = audit;
        this.config = config;
    }

    /** Before the web server starts: nobody can reach the sign-in page of a console without its first admin. */
    @Override
    public void afterSingletonsInstantiated() {
        ConsoleConfig settings = config.getIfAvailable();
        if (settings == null || users.anyEnabledAdmin()) {
            return; // tests set up their own users; an existing admin manages the rest
        }
        ConsoleConfig.FirstAdmin admin = settings.firstAdmin()
                .orElseThrow(() -> new IllegalStateException("The console has no enabled admin: set "
                        + ConsoleConfig.ADMIN_USER + " and " + ConsoleConfig.ADMIN_PASSWORD + " (or "
                        + ConsoleConfig.ADMIN_PASSWORD + ConsoleConfig.FILE_SUFFIX + ") for the first one"));
        if (users.find(admin.username()).isPresent()) {
            users.change(admin.username(), Role.ADMIN, true);
            users.setPassword(admin.username(), admin.password());
            audit.record(
                    ConsoleUsers.FROM_ENVIRONMENT,
                    AuditLog.Event.USER_CHANGED,
                    admin.username(),
                    "made an enabled admin again from the environment: no enabled admin was left",
                    null);
            LOG.info("No enabled admin: {} is one again, password from the environment", admin.username());
        } else {
            users.create(admin.username(), admin.password(), Role.ADMIN, ConsoleUsers.FROM_ENVIRONMENT);
            audit.record(
                    ConsoleUsers.FROM_ENVIRONMENT,
                    AuditLog.Event.USER_CREATED,
                    admin.username(),
                    "first admin, from the environment",
                    null);
            LOG.info("Created the first admin {} from the environment", admin.username());
        }
    }
}
