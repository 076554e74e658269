package com.heartbeatmonitor.job.sinks;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * The PostgreSQL driver bundled in the job jar registers itself with the JVM-wide DriverManager when
 * Flink's user-code classloader loads it. Left registered, it pins that classloader (and every class
 * of the job) in memory after the job ends: a leak per resubmission. This deregisters it. The JDBC
 * sinks register the release on every TaskManager that runs one ({@link CloseSafeJdbcSink}); the
 * preflight check deregisters what it loaded on the JobManager.
 */
public final class JdbcDrivers {

    private static final String RELEASE_HOOK = "heartbeat-monitor-jdbc-drivers";

    private JdbcDrivers() {}

    /** Deregisters, when Flink releases the job's classloader on this TaskManager, the drivers it loaded. */
    static void releaseWithJob(UserCodeClassLoader jobLoader) {
        ClassLoader loader = jobLoader.asClassLoader();
        jobLoader.registerReleaseHookIfAbsent(RELEASE_HOOK, () -> deregisterLoadedBy(loader));
    }

    /**
     * Deregisters drivers loaded by {@code loader}, unless that is the application classloader (a job
     * running inside the JVM that started it, as in tests, shares the driver with everything else).
     */
    public static void deregisterLoadedBy(ClassLoader loader) {
        if (loader == ClassLoader.getSystemClassLoader()) {
            return;
        }
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == loader) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    // Not registered any more: nothing to release.
                }
            }
        }
    }
}
