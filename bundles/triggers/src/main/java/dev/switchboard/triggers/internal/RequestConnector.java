package dev.switchboard.triggers.internal;

import org.osgi.service.component.annotations.Component;

import dev.switchboard.connector.api.ServiceOperationsProvider;

/**
 * The built-in {@code request} connector: its {@code manual} trigger fires with the body of every
 * {@code POST /api/hooks/{subscriptionId}} that carries the subscription's token.
 */
@Component(service = ServiceOperationsProvider.class)
public final class RequestConnector extends BuiltInConnector {

    public RequestConnector() {
        super(
                "request",
                "Request",
                "Fires when an HTTP request is posted to the subscription's hook URL.",
                "manual",
                "When an HTTP request is received at /api/hooks/{subscriptionId}",
                "{'type':'object','properties':{'schema':{'type':'object',"
                        + "'description':'A JSON Schema the posted body is expected to match (documentation only)'}},"
                        + "'additionalProperties':false}",
                "{'description':'The posted JSON body'}");
    }

    @Override
    public String getFunctionTriggerType() {
        return HttpWebhookBinding.TYPE;
    }
}
