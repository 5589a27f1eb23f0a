package dev.switchboard.triggers.internal;

import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

/** A binding that events are pushed into over {@code POST /api/hooks/{subscriptionId}}. */
interface HookReceiver {

    /** @return completes once stored; fails when the subscription is not listening */
    CompletionStage<Void> receive(String subscriptionId, JsonNode body);
}
