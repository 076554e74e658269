package com.heartbeatmonitor.console.web;

import com.heartbeatmonitor.console.users.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may see and do what, all from Spring Security: a form sign-in in front of every page except the sign-in page
 * and the style sheet; viewers read, carers also act on alerts and change settings, admins also manage users; the
 * session cookie and CSRF tokens as the framework makes them (every POST needs the token, which Thymeleaf puts in
 * every form); passwords hashed with bcrypt. The pages load nothing from elsewhere and run no script, which the
 * Content-Security-Policy states.
 */
@Configuration
public class SecurityConfig {

    /** Nothing but this origin's style sheet: no script at all, no frames. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Bean
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/login", "/console.css")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/alerts/*/actions", "/customers/*/settings")
                        .hasRole(Role.CARER.name())
                        .requestMatchers("/users", "/users/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .hasRole(Role.VIEWER.name()))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false))
                .logout(logout -> logout.logoutSuccessUrl("/login?signedOut"))
                .headers(
                        headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    /** bcrypt (Spring Security's default encoder, "{bcrypt}" prefixed so the algorithm can change later). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
