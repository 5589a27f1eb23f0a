package dev.switchboard.triggers.internal;

/**
 * A write only the owner of a subscription makes was refused: this node no longer holds its lease (another node
 * claimed it, or this node released it). Nothing was written; the subscription's run stops on this node.
 */
final class LeaseLostException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    LeaseLostException(String id, String self, Long heldEpoch, String owner, long epoch) {
        super("subscription " + id + ": node " + self + " no longer holds its lease (held epoch " + heldEpoch
                + "; owner now " + owner + " at epoch " + epoch + "): the write was refused");
    }
}
