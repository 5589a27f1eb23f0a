package dev.switchboard.triggers.internal;

/** A batch the store refused because its subscription already holds as much as its bounds allow. */
final class StoreFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    StoreFullException(String message) {
        super(message);
    }
}
