package dev.switchboard.connector.file.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of the file connector, PID {@value FileConnector#PID}. */
@ObjectClassDefinition(
        name = "Switchboard file connector",
        description = "Limits and link policy for the 'file' connector's actions and its fileTrigger binding.")
public @interface FileConnectorConfiguration {

    @AttributeDefinition(
            name = "Max read size (bytes)",
            description = "readFile refuses a larger file with 413 FileTooLarge; it is never read into memory.")
    long max_read_bytes() default 10L * 1024 * 1024;

    @AttributeDefinition(
            name = "Max write size (bytes)",
            description = "writeFile refuses larger content (after base64 decoding) with 413 ContentTooLarge.")
    long max_write_bytes() default 10L * 1024 * 1024;

    @AttributeDefinition(
            name = "Max listed entries",
            description = "listFiles returns at most this many entries and sets truncated beyond.")
    int max_list_entries() default 10_000;

    @AttributeDefinition(
            name = "Trigger batch size",
            description = "whenFileCreated emits at most this many files per batch.")
    int trigger_batch_size() default 100;

    @AttributeDefinition(
            name = "Trigger backoff cap (ms)",
            description = "A whenFileCreated subscription whose "
                    + "folder cannot be read is shown FAILING and polls again after max(pollSeconds, 1 s), doubling each "
                    + "time up to this")
    long trigger_backoff_max_ms() default 60_000;

    @AttributeDefinition(
            name = "Allow hard links",
            description = "readFile and writeFile refuse a regular file with more than one hard link (400 "
                    + "HardLinkRefused), because another of its links may be outside the root folder: a local user "
                    + "who can write under the root could otherwise read any file Switchboard may read. Set to true "
                    + "only when no one else writes under the connections' root folders.")
    boolean allow_hard_links() default false;
}
