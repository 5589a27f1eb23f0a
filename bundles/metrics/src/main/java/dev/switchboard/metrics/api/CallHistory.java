package dev.switchboard.metrics.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The calls of the last minutes per connector version, in fixed buckets kept in memory (no external service): what
 * the console's charts show. Counted from the same meters as {@code GET /metrics}.
 */
@ProviderType
public interface CallHistory {

    /** Every connector version called since the host started, ordered by connector id then version. */
    List<Series> series();

    /**
     * One connector version's buckets, oldest first, ending with the bucket in progress; buckets without calls are
     * included, so the list always covers the whole window.
     *
     * @param bucketSeconds the length of a bucket
     */
    record Series(String connectorId, String version, int bucketSeconds, List<Bucket> buckets) {

        /** The buckets are copied: a series does not change after it is made. */
        public Series {
            buckets = List.copyOf(buckets);
        }
    }

    /**
     * The calls that ended in one bucket.
     *
     * @param start        the bucket's start, milliseconds since the epoch
     * @param calls        every call that ended in it
     * @param clientErrors calls answered 4xx
     * @param errors       calls answered 5xx, timed out or refused (rejected): the host's or the connector's fault
     * @param p99Millis    the 99th percentile of their durations, in milliseconds, estimated from the latency
     *                     histogram's buckets; {@code NaN} without calls
     */
    record Bucket(long start, long calls, long clientErrors, long errors, double p99Millis) {

        /** {@code errors / calls}, 0 without calls. */
        public double errorRate() {
            return calls == 0 ? 0 : (double) errors / calls;
        }
    }
}
