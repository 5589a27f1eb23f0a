package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.Test;

/** Issue 11 section 6: five-field Unix cron, refused when it never fires or overflows, next occurrence cheap. */
public class CronScheduleTest {

    /** Thursday 2026-01-01 10:07:30 UTC. */
    private static final ZonedDateTime T = ZonedDateTime.of(2026, 1, 1, 10, 7, 30, 0, ZoneOffset.UTC);

    private static ZonedDateTime at(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, ZoneOffset.UTC);
    }

    private static ZonedDateTime next(String expression, ZonedDateTime after) {
        return CronSchedule.parse(expression).next(after);
    }

    private static String refused(String expression) {
        try {
            CronSchedule.parse(expression);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("cron: "));
            return e.getMessage();
        }
        fail("'" + expression + "' was accepted");
        return null;
    }

    @Test
    public void everyMinuteIsTheNextMinuteStrictlyAfter() {
        assertEquals(at(2026, 1, 1, 10, 8), next("* * * * *", T));
        assertEquals(
                "strictly after, also on a whole minute",
                at(2026, 1, 1, 10, 9),
                next("* * * * *", at(2026, 1, 1, 10, 8)));
        assertEquals(at(2027, 1, 1, 0, 0), next("* * * * *", at(2026, 12, 31, 23, 59)));
    }

    @Test
    public void stepsRangesAndLists() {
        assertEquals(at(2026, 1, 1, 10, 10), next("*/5 * * * *", T));
        assertEquals(at(2026, 1, 1, 10, 15), next("*/15 * * * *", T));
        assertEquals(at(2026, 1, 1, 11, 0), next("0 9-17 * * *", T));
        assertEquals(at(2026, 1, 2, 9, 0), next("0 9-17 * * *", at(2026, 1, 1, 17, 0)));
        assertEquals(at(2026, 1, 1, 10, 30), next("0,30 * * * *", T));
        assertEquals(at(2026, 1, 1, 12, 0), next("0 8,12,16 * * *", T));
        assertEquals(at(2026, 1, 1, 10, 10), next("10-30/10 * * * *", T));
        assertEquals(at(2026, 1, 1, 10, 20), next("10-30/10 * * * *", at(2026, 1, 1, 10, 10)));
        assertEquals(at(2026, 3, 1, 0, 0), next("0 0 1 3,6,9,12 *", T));
        assertEquals(at(2026, 1, 2, 9, 0), next("0 9 * * *", T));
    }

    @Test
    public void daysOfTheWeekByNumberAndByName() {
        // 2026-01-05 is a Monday, 2026-01-04 a Sunday
        assertEquals(at(2026, 1, 5, 8, 30), next("30 8 * * 1", T));
        assertEquals(at(2026, 1, 5, 8, 30), next("30 8 * * MON", T));
        assertEquals(at(2026, 1, 2, 8, 30), next("30 8 * * MON-FRI", T));
        assertEquals(at(2026, 1, 3, 0, 0), next("0 0 * * sat,sun", T));
        assertEquals("0 and 7 are Sunday", at(2026, 1, 4, 0, 0), next("0 0 * * 0", T));
        assertEquals(at(2026, 1, 4, 0, 0), next("0 0 * * 7", T));
        assertEquals(at(2026, 1, 4, 0, 0), next("0 0 * * SUN", T));
        assertEquals("month names", at(2026, 2, 1, 12, 0), next("0 12 1 FEB *", T));
    }

    @Test
    public void dayOfMonthAndDayOfWeekBothGivenMeansEither() {
        // Unix cron: when both are restricted, a day matching either fires (the 13th, or any Friday)
        assertEquals(at(2026, 1, 2, 0, 0), next("0 0 13 * 5", T));
        assertEquals(at(2026, 2, 2, 0, 0), next("0 0 31 2 1", T));
    }

    @Test
    public void theTwentyNinthOfFebruaryWaitsForALeapYear() {
        assertEquals(at(2028, 2, 29, 0, 0), next("0 0 29 2 *", T));
    }

    @Test
    public void anExpressionThatNeverFiresIsRefusedNamingTheField() {
        String message = refused("0 0 31 2 *");
        assertEquals("cron: day-of-month 31 never occurs in February: the expression never fires", message);
        assertTrue(refused("0 0 30 2 *"), refused("0 0 30 2 *").contains("day-of-month 30 never occurs in February"));
        assertTrue(
                refused("0 0 31 4,6 *"),
                refused("0 0 31 4,6 *").contains("day-of-month 31 never occurs in April or June"));
        assertTrue(refused("0 0 31 FEB *"), refused("0 0 31 FEB *").contains("day-of-month 31"));
    }

    @Test
    public void anOverflowingStepIsRefusedNamingTheField() {
        String message = refused("59/2147483647 * * * *");
        assertTrue(message, message.startsWith("cron: minute '59/2147483647': "));
        assertTrue(message, message.contains("2147483647"));
        assertTrue(
                refused("* 99999999999 * * *"), refused("* 99999999999 * * *").startsWith("cron: hour "));
        assertTrue(refused("*/0 * * * *"), refused("*/0 * * * *").startsWith("cron: minute "));
    }

    @Test
    public void valuesOutOfRangeAndMalformedExpressionsAreRefusedNamingTheField() {
        assertTrue(refused("60 * * * *"), refused("60 * * * *").startsWith("cron: minute '60': "));
        assertTrue(refused("0 24 * * *").startsWith("cron: hour '24': "));
        assertTrue(refused("0 0 32 * *").startsWith("cron: day-of-month '32': "));
        assertTrue(refused("0 0 0 * *").startsWith("cron: day-of-month '0': "));
        assertTrue(refused("0 0 * 13 *").startsWith("cron: month '13': "));
        assertTrue(refused("0 0 * * 8").startsWith("cron: day-of-week '8': "));
        assertTrue(refused("5-1 * * * *").startsWith("cron: minute '5-1': "));
        assertTrue(refused("* * * *"), refused("* * * *").contains("five fields"));
        assertTrue(refused("* * * * * *").contains("five fields"));
        assertTrue(refused("").contains("five fields"));
    }

    @Test
    public void theNextOccurrenceIsCheapForEveryExpression() {
        CronSchedule rare = CronSchedule.parse("59 23 29 2 *");
        CronSchedule often = CronSchedule.parse("* * * * *");
        long start = System.nanoTime();
        ZonedDateTime t = T;
        for (int i = 0; i < 1000; i++) {
            t = rare.next(t);
            often.next(t);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // the old minute-by-minute search took 0.14-0.24 s for one call on a rare expression
        assertTrue("1000 occurrences took " + millis + " ms", millis < 2000);
        assertEquals(29, t.getDayOfMonth());
        assertTrue(t.toString(), t.getYear() > 6000);
    }

    @Test
    public void cronFindsTheNextMatchingMinute() {
        ZonedDateTime t = ZonedDateTime.of(2026, 1, 1, 10, 7, 30, 0, ZoneOffset.UTC);
        assertEquals(
                t.withMinute(15).withSecond(0),
                CronSchedule.parse("*/15 * * * *").next(t));
        assertEquals(
                ZonedDateTime.of(2026, 1, 2, 9, 0, 0, 0, ZoneOffset.UTC),
                CronSchedule.parse("0 9 * * *").next(t));
        // 2026-01-05 is a Monday
        assertEquals(
                ZonedDateTime.of(2026, 1, 5, 8, 30, 0, 0, ZoneOffset.UTC),
                CronSchedule.parse("30 8 * * 1").next(t));
    }
}
