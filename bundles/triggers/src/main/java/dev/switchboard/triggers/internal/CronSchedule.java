package dev.switchboard.triggers.internal;

import java.time.Month;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A five-field Unix cron expression ({@code minute hour day-of-month month day-of-week}), parsed and evaluated by
 * cron-utils (its {@link CronType#UNIX} definition): {@code *}, numbers, lists, ranges and {@code /step}; month
 * names {@code JAN}-{@code DEC} and day names {@code SUN}-{@code SAT}; day of week 0-7, 0 and 7 both Sunday. When
 * both day-of-month and day-of-week are restricted, a day matching either fires (as Vixie cron does).
 * <p>
 * Evaluated in UTC, always: no daylight-saving shifts. An expression that does not parse, or that never fires
 * (day-of-month 31 in February), is refused by {@link #parse} with a message that names the field. The next
 * occurrence is computed field by field by cron-utils, never by trying minute after minute.
 */
final class CronSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final String[] FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};
    private static final Pattern NUMBERS = Pattern.compile("\\d+(,\\d+)*");
    private static final String PARSE_PREFIX = "Failed to parse cron expression. ";

    private final ExecutionTime times;

    private CronSchedule(ExecutionTime times) {
        this.times = times;
    }

    /**
     * @throws IllegalArgumentException when the expression is not five valid fields or never fires; the message
     *                                  starts with {@code cron: } and names the field
     */
    static CronSchedule parse(String expression) {
        String text = expression == null ? "" : expression.trim();
        String[] fields = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron: an expression has five fields: minute hour day-of-month month "
                    + "day-of-week (this one has " + fields.length + ")");
        }
        Cron cron;
        try {
            cron = PARSER.parse(String.join(" ", fields)).validate();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(culprit(fields, e), e);
        }
        ExecutionTime times = ExecutionTime.forCron(cron);
        if (times.nextExecution(ZonedDateTime.now(ZoneOffset.UTC)).isEmpty()) {
            throw new IllegalArgumentException(neverFires(fields, cron));
        }
        return new CronSchedule(times);
    }

    /**
     * The first matching minute strictly after {@code after}.
     *
     * @throws IllegalStateException when there is none (not for an expression {@link #parse} accepted)
     */
    ZonedDateTime next(ZonedDateTime after) {
        Optional<ZonedDateTime> next =
                times.nextExecution(after.withZoneSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES));
        return next.orElseThrow(() -> new IllegalStateException("cron: the expression never fires after " + after));
    }

    /** The field that keeps the expression from parsing: each one parsed alone, among stars. */
    private static String culprit(String[] fields, RuntimeException failure) {
        for (int i = 0; i < fields.length; i++) {
            String[] alone = {"*", "*", "*", "*", "*"};
            alone[i] = fields[i];
            try {
                PARSER.parse(String.join(" ", alone)).validate();
            } catch (RuntimeException e) {
                return "cron: " + FIELDS[i] + " '" + fields[i] + "': " + reason(e);
            }
        }
        return "cron: " + reason(failure);
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith(PARSE_PREFIX)) {
            message = message.substring(PARSE_PREFIX.length());
        }
        return message.trim();
    }

    /**
     * Why a parsed expression never fires. With five fields only day-of-month against month can: any minute and
     * hour exist every day, a day-of-week every week, and a restricted day-of-week makes either day fire.
     */
    private static String neverFires(String[] fields, Cron cron) {
        String normalizedWeekday =
                cron.retrieve(CronFieldName.DAY_OF_WEEK).getExpression().asString();
        String normalizedMonth =
                cron.retrieve(CronFieldName.MONTH).getExpression().asString();
        if ("*".equals(normalizedWeekday) || "?".equals(normalizedWeekday)) {
            return "cron: day-of-month " + fields[2] + " never occurs in " + months(normalizedMonth, fields[3])
                    + ": the expression never fires";
        }
        return "cron: the expression never fires";
    }

    private static String months(String normalized, String given) {
        if (!NUMBERS.matcher(normalized).matches()) {
            return "month " + given;
        }
        List<String> names = new ArrayList<>();
        for (String number : normalized.split(",")) {
            int value = Integer.parseInt(number);
            if (value < 1 || value > 12) {
                return "month " + given;
            }
            names.add(Month.of(value).getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
