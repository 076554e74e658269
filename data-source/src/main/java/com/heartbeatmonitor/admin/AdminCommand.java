package com.heartbeatmonitor.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code heartbeat-admin}: manages what the running job is told through Kafka, starting with customers' settings. */
@Command(
        name = "heartbeat-admin",
        mixinStandardHelpOptions = true,
        subcommands = SettingsCommand.class,
        description = "Manages the heart-rate monitor while it runs. See heartbeat-admin settings --help.")
public final class AdminCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with errors printed as one line that names what is wrong (no stack trace). */
    public static CommandLine commandLine() {
        return new CommandLine(new AdminCommand()).setExecutionExceptionHandler((e, cli, parsed) -> {
            cli.getErr().println("heartbeat-admin: " + e.getMessage());
            return 2;
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
