package dev.switchboard.connector.openapi.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.http.client.HttpRequestSender;
import dev.switchboard.connector.http.client.OutboundRequest;

/**
 * OAuth 2 client-credentials tokens, fetched from the document's {@code tokenUrl} through the http client (client id
 * and secret as HTTP Basic, sent to the token URL's origin only), kept until 30 s before they expire; concurrent calls
 * share one fetch. Keyed by token URL, client id and secret, so another connection never gets this one's token.
 * Nothing here is logged.
 */
final class TokenCache {

    private record Key(String tokenUrl, String clientId, String clientSecret, List<String> scopes) {
        @Override
        public String toString() {
            return "Key[" + tokenUrl + "]";
        }
    }

    private record Token(String value, Instant refreshAt) {}

    private final HttpRequestSender sender;
    private final Clock clock;
    private final Map<Key, CompletableFuture<Token>> tokens = new ConcurrentHashMap<>();

    TokenCache(HttpRequestSender sender, Clock clock) {
        this.sender = sender;
        this.clock = clock;
    }

    CompletionStage<String> token(String tokenUrl, String clientId, String clientSecret, List<String> scopes) {
        Key key = new Key(tokenUrl, clientId, clientSecret, scopes);
        CompletableFuture<Token> cached = tokens.get(key);
        if (cached != null && (!cached.isDone() || fresh(cached))) {
            return cached.thenApply(Token::value);
        }
        CompletableFuture<Token> fetching = new CompletableFuture<>();
        CompletableFuture<Token> raced = cached == null
                ? tokens.putIfAbsent(key, fetching)
                : (tokens.replace(key, cached, fetching) ? null : tokens.get(key));
        if (raced != null) {
            return raced.thenApply(Token::value);
        }
        fetch(key).whenComplete((token, failure) -> {
            if (failure != null) {
                tokens.remove(key, fetching);
                fetching.completeExceptionally(failure);
            } else {
                fetching.complete(token);
            }
        });
        return fetching.thenApply(Token::value);
    }

    private boolean fresh(CompletableFuture<Token> done) {
        if (done.isCompletedExceptionally()) {
            return false;
        }
        return done.join().refreshAt().isAfter(clock.instant());
    }

    private CompletionStage<Token> fetch(Key key) {
        ObjectNode inputs = JsonNodeFactory.instance.objectNode();
        inputs.put("method", "POST");
        inputs.put("uri", key.tokenUrl());
        ObjectNode headers = inputs.putObject("headers");
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        String form = "grant_type=client_credentials"
                + (key.scopes().isEmpty()
                        ? ""
                        : "&scope=" + URLEncoder.encode(String.join(" ", key.scopes()), StandardCharsets.UTF_8));
        inputs.put("body", form);
        inputs.put("bodyEncoding", "text");
        String basic = Base64.getEncoder()
                .encodeToString((URLEncoder.encode(key.clientId(), StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(key.clientSecret(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        OutboundRequest request = OutboundRequest.builder(inputs)
                .baseUrl(origin(key.tokenUrl()))
                .credentialHeader("Authorization", "Basic " + basic)
                .build();
        return sender.send(request).thenApply(response -> {
            JsonNode answer = response.body();
            int status = answer.path("statusCode").asInt();
            JsonNode body = answer.path("body");
            String token = body.path("access_token").asText(null);
            if (status / 100 != 2 || token == null || token.isBlank()) {
                throw new ServiceOperationException(
                        502,
                        "TokenRequestFailed",
                        "The token endpoint "
                                + origin(key.tokenUrl()) + " answered " + status
                                + " without an access_token: check the "
                                + "client id and secret of the connection");
            }
            long seconds = body.path("expires_in").asLong(3600);
            return new Token(token, clock.instant().plusSeconds(Math.max(0, seconds - 30)));
        });
    }

    private static String origin(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
