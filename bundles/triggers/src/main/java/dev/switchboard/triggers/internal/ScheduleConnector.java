package dev.switchboard.triggers.internal;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.osgi.service.component.annotations.Component;

import dev.switchboard.connector.api.ServiceOperationsProvider;

/**
 * The built-in {@code schedule} connector: its {@code recurrence} trigger fires on an interval or a cron expression
 * ({@link CronSchedule}: five fields, UTC). A cron expression that does not parse or never fires is refused when
 * subscribing, naming its field.
 */
@Component(service = ServiceOperationsProvider.class)
public final class ScheduleConnector extends BuiltInConnector implements InputCheck {

    public ScheduleConnector() {
        super(
                "schedule",
                "Schedule",
                "Fires on a recurring schedule.",
                "recurrence",
                "Fires every interval (frequency and interval) or on a cron expression (UTC)",
                "{'type':'object','properties':{"
                        + "'frequency':{'enum':['Second','Minute','Hour','Day'],'default':'Minute'},"
                        + "'interval':{'type':'integer','minimum':1,'maximum':2147483647,'default':1},"
                        + "'cron':{'type':'string','minLength':9,"
                        + "'description':'minute hour day-of-month month day-of-week (Unix cron, UTC)'}"
                        + "},'additionalProperties':false}",
                "{'type':'object','properties':{'scheduledTime':{'type':'string','format':'date-time'},"
                        + "'firedTime':{'type':'string','format':'date-time'}}}");
    }

    @Override
    public String getFunctionTriggerType() {
        return TimerBinding.TYPE;
    }

    @Override
    public List<String> problems(String operationId, JsonNode inputs) {
        JsonNode cron = inputs == null ? null : inputs.get("cron");
        if (cron == null || !cron.isTextual()) {
            return List.of();
        }
        try {
            CronSchedule.parse(cron.asText());
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
    }
}
