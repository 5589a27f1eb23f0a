package dev.switchboard.host.internal.audit;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard audit log",
        description = "The audit trail of management actions: one JSON line per action in daily files "
                + "$SWITCHBOARD_HOME/data/audit/audit-YYYY-MM-DD.jsonl (UTC dates).")
public @interface AuditConfiguration {

    @AttributeDefinition(
            name = "Retention (days)",
            description = "Daily files older than this many days are deleted, at start and once a day; 0 keeps "
                    + "every file.")
    int retention_days() default 90;
}
