package com.heartbeatmonitor.console.web;

import com.heartbeatmonitor.console.alerts.ActionRequest;
import com.heartbeatmonitor.console.alerts.Alert;
import com.heartbeatmonitor.console.alerts.AlertAction;
import com.heartbeatmonitor.console.alerts.AlertStore;
import com.heartbeatmonitor.console.alerts.OpenAlert;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The open alerts page and the alert actions (the checks are {@link ActionRequest}'s, the SQL AlertStore's). */
@Controller
public class AlertsController {

    private final AlertStore alerts;

    public AlertsController(AlertStore alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/login")
    public String login() {
        return "login";
    }

    @GetMapping("/")
    public String open(Model model) {
        List<OpenAlert> open = alerts.open();
        model.addAttribute("alerts", open);
        model.addAttribute("cut", open.size() >= AlertStore.MAX_OPEN);
        model.addAttribute("now", Instant.now());
        model.addAttribute("snoozes", ActionRequest.SNOOZES);
        return "alerts";
    }

    /** The search box: straight to a customer's page. */
    @GetMapping("/customers")
    public String find(@RequestParam("id") String customerId) {
        return "redirect:" + CustomerController.path(customerId.strip());
    }

    @PostMapping("/alerts/{alertId}/actions")
    public String act(
            @PathVariable("alertId") UUID alertId,
            @RequestParam("action") String action,
            @RequestParam("revision") int revision,
            @RequestParam("severity") String severity,
            @RequestParam(value = "snooze", required = false) String snooze,
            @RequestParam(value = "note", required = false) String note,
            @RequestParam(value = "from", required = false) String from,
            Principal who,
            RedirectAttributes flash) {
        Alert alert = alerts.find(alertId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no alert " + alertId));
        List<AlertAction> before = alerts.actions(alertId);
        ActionRequest.Result result = new ActionRequest(action, revision, severity, snooze, note)
                .check(alert, before.stream().findFirst(), Instant.now());
        if (result.accepted()) {
            AlertAction added = alerts.add(alertId, result.checked(), who.getName());
            flash.addFlashAttribute(
                    "message",
                    added.action() + " recorded: " + alert.customerId() + " " + alert.type() + " (revision "
                            + added.revision() + ", " + added.severity() + ")");
        } else {
            flash.addFlashAttribute("error", "Not done: " + result.refusal());
        }
        return "customer".equals(from) ? "redirect:" + CustomerController.path(alert.customerId()) : "redirect:/";
    }
}
