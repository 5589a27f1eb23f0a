package dev.switchboard.triggers.internal;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week; {@code *}, numbers, lists, ranges and
 * {@code /step}; day of week 0-7 with 0 and 7 Sunday), evaluated in UTC.
 */
final class CronSchedule {

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean anyDay;
    private final boolean anyWeekday;

    private CronSchedule(String[] f) {
        minutes = parse(f[0], 0, 59);
        hours = parse(f[1], 0, 23);
        days = parse(f[2], 1, 31);
        months = parse(f[3], 1, 12);
        weekdays = parse(f[4], 0, 7);
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
        anyDay = f[2].equals("*");
        anyWeekday = f[4].equals("*");
    }

    /** @throws IllegalArgumentException when the expression is not five valid fields */
    static CronSchedule parse(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a cron expression has five fields: minute hour day month weekday");
        }
        return new CronSchedule(fields);
    }

    /** The first matching minute strictly after {@code after}. */
    ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (int i = 0; i < 366 * 24 * 60 * 5; i++) {
            if (matches(t)) {
                return t;
            }
            t = t.plusMinutes(1);
        }
        throw new IllegalArgumentException("the cron expression never matches");
    }

    private boolean matches(ZonedDateTime t) {
        boolean day = days.get(t.getDayOfMonth());
        boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
        boolean dayMatches = anyDay || anyWeekday ? day && weekday : day || weekday;
        return minutes.get(t.getMinute()) && hours.get(t.getHour()) && months.get(t.getMonthValue()) && dayMatches;
    }

    private static BitSet parse(String field, int min, int max) {
        BitSet set = new BitSet();
        for (String part : field.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                from = Integer.parseInt(range.substring(0, range.indexOf('-')));
                to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                from = Integer.parseInt(range);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step < 1) {
                throw new IllegalArgumentException("'" + field + "' is out of range " + min + "-" + max);
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }
}
