package com.heartbeatmonitor.console.web;

import com.heartbeatmonitor.console.alerts.ActionRequest;
import com.heartbeatmonitor.console.alerts.AlertStore;
import com.heartbeatmonitor.console.audit.AuditLog;
import com.heartbeatmonitor.console.chart.HeartRateChart;
import com.heartbeatmonitor.console.settings.CurrentSettings;
import com.heartbeatmonitor.console.settings.CustomerStore;
import com.heartbeatmonitor.console.settings.SettingsForm;
import com.heartbeatmonitor.console.settings.SettingsSender;
import com.heartbeatmonitor.settings.InvalidSettingsException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/** A customer's page: the last 24 h as a chart, the settings form, the alert history. */
@Controller
public class CustomerController {

    /** What the chart spans. */
    public static final Duration CHART_SPAN = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(CustomerController.class);

    private final CustomerStore customers;
    private final AlertStore alerts;
    private final SettingsSender sender;
    private final AuditLog audit;

    public CustomerController(CustomerStore customers, AlertStore alerts, SettingsSender sender, AuditLog audit) {
        this.customers = customers;
        this.alerts = alerts;
        this.sender = sender;
        this.audit = audit;
    }

    /** The customer page's path, the id encoded as one path segment. */
    static String path(String customerId) {
        return "/customers/" + UriUtils.encodePathSegment(customerId, StandardCharsets.UTF_8);
    }

    @GetMapping("/customers/{customerId}")
    public String customer(@PathVariable("customerId") String customerId, Model model) {
        if (!customers.known(customerId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no customer " + customerId);
        }
        Instant now = Instant.now();
        Optional<CurrentSettings> settings = customers.settings(customerId);
        var history = alerts.history(customerId);
        // The customer's own thresholds; else those the newest alert was judged by (the deployment's then).
        Integer high = settings.map(CurrentSettings::highBpm).orElse(null);
        Integer low = settings.map(CurrentSettings::lowBpm).orElse(null);
        if (high == null && !history.isEmpty()) {
            high = history.get(0).alert().highBpm();
        }
        if (low == null && !history.isEmpty()) {
            low = history.get(0).alert().lowBpm();
        }
        model.addAttribute("customerId", customerId);
        model.addAttribute(
                "chart",
                HeartRateChart.svg(
                        customers.minutes(customerId, now, CHART_SPAN),
                        high,
                        low,
                        alerts.overlapping(customerId, now, CHART_SPAN),
                        now,
                        CHART_SPAN));
        model.addAttribute("high", high);
        model.addAttribute("low", low);
        model.addAttribute("settings", settings.orElse(null));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", SettingsForm.of(settings.orElse(null)));
        }
        model.addAttribute("history", history);
        model.addAttribute("now", now);
        model.addAttribute("snoozes", ActionRequest.SNOOZES);
        return "customer";
    }

    @PostMapping("/customers/{customerId}/settings")
    public String settings(
            @PathVariable("customerId") String customerId,
            @ModelAttribute SettingsForm form,
            Principal who,
            HttpServletRequest request,
            RedirectAttributes flash) {
        if (!customers.known(customerId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no customer " + customerId);
        }
        try {
            String sent = sender.send(customerId, form);
            audit.record(who.getName(), AuditLog.Event.SETTINGS_SENT, customerId, sent, request.getRemoteAddr());
            flash.addFlashAttribute("message", "Settings sent; the job applies them from now: " + sent);
        } catch (InvalidSettingsException e) {
            flash.addFlashAttribute("error", "Not sent: " + e.detail());
            flash.addFlashAttribute("form", form);
        } catch (Exception e) {
            LOG.warn("Settings for {} not sent", customerId, e);
            flash.addFlashAttribute("error", "Not sent: the settings topic cannot be reached (" + e.getMessage() + ")");
            flash.addFlashAttribute("form", form);
        }
        return "redirect:" + path(customerId);
    }
}
