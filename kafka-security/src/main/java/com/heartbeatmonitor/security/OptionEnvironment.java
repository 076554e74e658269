package com.heartbeatmonitor.security;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The environment variable each flag falls back to, written once: in the flag's default, as
 * {@code defaultValue = "${env:NAME:-default}"}. Everything else that names the variable (the help's list, the
 * messages that say what to fix, the configuration reference) reads it from there. In this module because every
 * command (job, generator, notifier, run commands) depends on it.
 */
public final class OptionEnvironment {

    /** {@code ${env:NAME}} or {@code ${env:NAME:-default}}: a default picocli takes from the environment. */
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::-(.*))?}");
    /** What an {@code @Option} without a default holds (picocli's own marker). */
    private static final String NO_DEFAULT = "__no_default_value__";

    private static final String SECTION = "environment";

    private OptionEnvironment() {}

    /** The default as the annotation writes it, before picocli puts the environment in; null without one. */
    public static String annotatedDefault(OptionSpec option) {
        if (option.userObject() instanceof AnnotatedElement element) {
            Option annotation = element.getAnnotation(Option.class);
            if (annotation != null) {
                String value = annotation.defaultValue();
                return value.equals(NO_DEFAULT) || value.equals(Option.NULL_VALUE) ? null : value;
            }
        }
        return option.defaultValue();
    }

    /** The variable an option falls back to, if any. */
    public static Optional<String> variable(OptionSpec option) {
        return match(annotatedDefault(option)).map(m -> m.group(1));
    }

    /** The default an option has when neither the flag nor its variable is given; null without one. */
    public static String fallback(OptionSpec option) {
        String raw = annotatedDefault(option);
        Optional<Matcher> env = match(raw);
        return env.isPresent() ? env.get().group(2) : raw;
    }

    /**
     * The variable of {@code flag} among the {@code @Option} fields of {@code options} (a command or a mixin),
     * for messages. Fails when the flag has none: a message naming a variable that is not read would mislead.
     */
    public static String variable(Class<?> options, String flag) {
        for (Field field : options.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option != null && List.of(option.names()).contains(flag)) {
                return match(option.defaultValue())
                        .map(m -> m.group(1))
                        .orElseThrow(() -> new IllegalArgumentException(flag + " has no environment variable"));
            }
        }
        throw new IllegalArgumentException(options.getSimpleName() + " has no flag " + flag);
    }

    /** {@code --flag (VARIABLE)}: how a message names a setting to fix. */
    public static String flagAndVariable(Class<?> options, String flag) {
        return flag + " (" + variable(options, flag) + ")";
    }

    /**
     * Adds to the command's help, after its options, the variable of each flag that has one, so the descriptions
     * need not repeat them.
     */
    public static CommandLine withEnvironmentHelp(CommandLine command) {
        List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, SECTION);
        command.setHelpSectionKeys(keys);
        command.getHelpSectionMap().put(SECTION, help -> {
            CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumnWidths(
                    help.colorScheme(), 34, help.commandSpec().usageMessage().width() - 34);
            for (OptionSpec option : help.commandSpec().options()) {
                variable(option).ifPresent(name -> table.addRowValues("  " + option.longestName(), name));
            }
            return table.rowCount() == 0
                    ? ""
                    : String.format("%nEach flag falls back to its environment variable, then to its default:%n")
                            + table;
        });
        return command;
    }

    private static Optional<Matcher> match(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = ENV_DEFAULT.matcher(value);
        return m.matches() ? Optional.of(m) : Optional.empty();
    }
}
