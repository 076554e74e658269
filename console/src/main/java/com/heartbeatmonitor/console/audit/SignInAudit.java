package com.heartbeatmonitor.console.audit;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/** Sign-ins, refused sign-ins and sign-outs into the audit, from Spring Security's own events. */
@Component
public class SignInAudit {

    private final AuditLog audit;

    public SignInAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    public void signedIn(AuthenticationSuccessEvent event) {
        audit.record(
                event.getAuthentication().getName(),
                AuditLog.Event.SIGN_IN,
                null,
                "",
                remote(event.getAuthentication()));
    }

    @EventListener
    public void refused(AbstractAuthenticationFailureEvent event) {
        audit.record(
                event.getAuthentication().getName(),
                AuditLog.Event.SIGN_IN_REFUSED,
                null,
                event.getException().getClass().getSimpleName(),
                remote(event.getAuthentication()));
    }

    @EventListener
    public void signedOut(LogoutSuccessEvent event) {
        audit.record(
                event.getAuthentication().getName(),
                AuditLog.Event.SIGN_OUT,
                null,
                "",
                remote(event.getAuthentication()));
    }

    private static String remote(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : null;
    }
}
