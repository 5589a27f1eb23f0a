package dev.switchboard.triggers.internal;

import org.osgi.service.component.annotations.Component;

import dev.switchboard.connector.api.ServiceOperationsProvider;

/** The built-in {@code schedule} connector: its {@code recurrence} trigger fires on an interval or a cron expression. */
@Component(service = ServiceOperationsProvider.class)
public final class ScheduleConnector extends BuiltInConnector {

    public ScheduleConnector() {
        super("schedule", "Schedule", "Fires on a recurring schedule.", "recurrence",
                "Fires every interval (frequency and interval) or on a cron expression (UTC)",
                "{'type':'object','properties':{"
                        + "'frequency':{'enum':['Second','Minute','Hour','Day'],'default':'Minute'},"
                        + "'interval':{'type':'integer','minimum':1,'default':1},"
                        + "'cron':{'type':'string','minLength':9,'description':'minute hour day month weekday (UTC)'}"
                        + "},'additionalProperties':false}",
                "{'type':'object','properties':{'scheduledTime':{'type':'string','format':'date-time'},"
                        + "'firedTime':{'type':'string','format':'date-time'}}}");
    }

    @Override
    public String getFunctionTriggerType() {
        return TimerBinding.TYPE;
    }
}
