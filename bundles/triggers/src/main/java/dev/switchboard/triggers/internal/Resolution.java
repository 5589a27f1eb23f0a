package dev.switchboard.triggers.internal;

import dev.switchboard.triggers.api.SubscriptionState;

/** What {@link TargetResolver#resolve} found for a subscription: a {@link Target} to run, or why it cannot run now. */
sealed interface Resolution permits Target, Resolution.Parked {

    /** Why a subscription cannot run now: WAITING for something to appear, or FAILED. */
    record Parked(SubscriptionState state, String reason) implements Resolution {}
}
