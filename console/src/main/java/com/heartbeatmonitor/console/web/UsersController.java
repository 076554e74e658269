package com.heartbeatmonitor.console.web;

import com.heartbeatmonitor.console.audit.AuditLog;
import com.heartbeatmonitor.console.users.ConsoleUsers;
import com.heartbeatmonitor.console.users.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admins only (SecurityConfig): the users, their roles, new users, new passwords, and the latest audit rows. */
@Controller
public class UsersController {

    private final ConsoleUsers users;
    private final AuditLog audit;

    public UsersController(ConsoleUsers users, AuditLog audit) {
        this.users = users;
        this.audit = audit;
    }

    @GetMapping("/users")
    public String list(Model model) {
        model.addAttribute("users", users.all());
        model.addAttribute("roles", Role.values());
        model.addAttribute("audit", audit.latest());
        return "users";
    }

    @PostMapping("/users")
    public String create(
            @RequestParam("username") String username,
            @RequestParam("password") String password,
            @RequestParam("role") String role,
            Principal who,
            HttpServletRequest request,
            RedirectAttributes flash) {
        try {
            Role chosen = role(role);
            users.create(username, password, chosen, who.getName());
            audit.record(
                    who.getName(),
                    AuditLog.Event.USER_CREATED,
                    username.strip(),
                    "role " + chosen,
                    request.getRemoteAddr());
            flash.addFlashAttribute("message", "User " + username.strip() + " created as " + chosen);
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", "Not created: " + e.getMessage());
        }
        return "redirect:/users";
    }

    @PostMapping("/users/{username}")
    public String change(
            @PathVariable("username") String username,
            @RequestParam("role") String role,
            @RequestParam(value = "enabled", defaultValue = "false") boolean enabled,
            @RequestParam(value = "password", required = false) String password,
            Principal who,
            HttpServletRequest request,
            RedirectAttributes flash) {
        try {
            Role chosen = role(role);
            if (username.equals(who.getName()) && (chosen != Role.ADMIN || !enabled)) {
                throw new IllegalArgumentException("you cannot take your own admin role away or disable yourself");
            }
            String detail = "role " + chosen + (enabled ? ", enabled" : ", disabled");
            if (password != null && !password.isEmpty()) {
                users.setPassword(username, password); // first: a refused password changes nothing
                detail += ", new password";
            }
            users.change(username, chosen, enabled);
            audit.record(who.getName(), AuditLog.Event.USER_CHANGED, username, detail, request.getRemoteAddr());
            flash.addFlashAttribute("message", "User " + username + ": " + detail);
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", "Not changed: " + e.getMessage());
        }
        return "redirect:/users";
    }

    private static Role role(String name) {
        try {
            return Role.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "': viewer, carer or admin");
        }
    }
}
