package com.heartbeatmonitor.console.users;

import static com.heartbeatmonitor.console.alerts.AlertStore.instant;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/**
 * The console's users (console_users, V10) for Spring Security's sign-in, and their management by an admin.
 * Passwords are checked against {@link PasswordRules} and stored only as the encoder's hash.
 */
@Repository
public class ConsoleUsers implements UserDetailsService {

    /** created_by of the admin made from the environment at start. */
    public static final String FROM_ENVIRONMENT = "environment";

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;

    public ConsoleUsers(JdbcClient jdbc, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.encoder = encoder;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("SELECT username, password_hash, role, enabled FROM console_users WHERE username = ?")
                .param(username)
                .query((rs, row) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .authorities(Role.valueOf(rs.getString("role")).authorities())
                        .disabled(!rs.getBoolean("enabled"))
                        .build())
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no console user " + username));
    }

    public List<ConsoleUser> all() {
        return jdbc.sql("SELECT username, role, enabled, created_by, created_at FROM console_users ORDER BY username")
                .query((rs, row) -> new ConsoleUser(
                        rs.getString("username"),
                        Role.valueOf(rs.getString("role")),
                        rs.getBoolean("enabled"),
                        rs.getString("created_by"),
                        instant(rs, "created_at")))
                .list();
    }

    public Optional<ConsoleUser> find(String username) {
        return all().stream().filter(u -> u.username().equals(username)).findFirst();
    }

    public boolean anyEnabledAdmin() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM console_users WHERE role = 'ADMIN' AND enabled)")
                .query(Boolean.class)
                .single();
    }

    /** Creates a user; throws {@link IllegalArgumentException} with the reason when the name or password is wrong. */
    public void create(String username, String password, Role role, String createdBy) {
        PasswordRules.usernameProblem(username).ifPresent(p -> {
            throw new IllegalArgumentException("the user name " + p);
        });
        PasswordRules.problem(password).ifPresent(p -> {
            throw new IllegalArgumentException("the password " + p);
        });
        int added = jdbc.sql("INSERT INTO console_users (username, password_hash, role, created_by) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (username) DO NOTHING")
                .params(username.strip(), encoder.encode(password), role.name(), createdBy)
                .update();
        if (added == 0) {
            throw new IllegalArgumentException("a user " + username + " exists already");
        }
    }

    /** Changes a user's role and whether they may sign in. */
    public void change(String username, Role role, boolean enabled) {
        int changed = jdbc.sql("UPDATE console_users SET role = ?, enabled = ?, updated_at = now() WHERE username = ?")
                .params(role.name(), enabled, username)
                .update();
        if (changed == 0) {
            throw new IllegalArgumentException("no user " + username);
        }
    }

    /** Sets a new password (checked like a new user's). */
    public void setPassword(String username, String password) {
        PasswordRules.problem(password).ifPresent(p -> {
            throw new IllegalArgumentException("the password " + p);
        });
        int changed = jdbc.sql("UPDATE console_users SET password_hash = ?, updated_at = now() WHERE username = ?")
                .params(encoder.encode(password), username)
                .update();
        if (changed == 0) {
            throw new IllegalArgumentException("no user " + username);
        }
    }
}
