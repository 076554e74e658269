package com.heartbeatmonitor.console.users;

import com.heartbeatmonitor.security.ExampleSecrets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a console password and user name must be: the passwords compose accepts (compose/check-secrets.sh: set, at
 * least 12 characters, not one of .env.example's examples), names as the console_users table allows them.
 */
public final class PasswordRules {

    /** The same floor as compose/check-secrets.sh's MIN_LENGTH. */
    public static final int MIN_LENGTH = 12;
    /** bcrypt reads only the first 72 bytes: a longer password would be silently cut. */
    public static final int MAX_BYTES = 72;

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private PasswordRules() {}

    /** Why the password is refused, or empty when it is fine. */
    public static Optional<String> problem(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("is not set");
        }
        if (ExampleSecrets.isExample(password)) {
            return Optional.of("is still the example value from .env.example: set a secret of your own"
                    + " (e.g. openssl rand -base64 24)");
        }
        if (password.length() < MIN_LENGTH) {
            return Optional.of("is shorter than " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("is longer than " + MAX_BYTES + " bytes, which bcrypt would cut");
        }
        return Optional.empty();
    }

    /** Why the user name is refused, or empty when it is fine. */
    public static Optional<String> usernameProblem(String username) {
        if (username == null || !USERNAME.matcher(username.strip()).matches()) {
            return Optional.of("must be 1-64 letters, digits or . _ @ -");
        }
        return Optional.empty();
    }
}
