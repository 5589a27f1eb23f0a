package dev.switchboard.connector.openapi.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local Petstore implementing the operations of fixtures/petstore.openapi.json: pets and orders in memory, the API
 * key {@value #API_KEY} in header {@code api_key} or the bearer token {@value #TOKEN} required as the document says.
 * Records each request line so that tests can check what was sent.
 */
final class PetstoreServer implements AutoCloseable {

    static final String API_KEY = "special-key";
    static final String TOKEN = "petstore-token";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final Map<Long, ObjectNode> pets = new ConcurrentHashMap<>();
    private final Map<Long, ObjectNode> orders = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    final List<String> requests = new CopyOnWriteArrayList<>();

    PetstoreServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/api/v3/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath().substring("/api/v3".length());
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(method + " " + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
            boolean key = API_KEY.equals(exchange.getRequestHeaders().getFirst("api_key"));
            boolean bearer =
                    ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] in = exchange.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? null : MAPPER.readTree(in);
            String[] segments = path.split("/");
            if (path.startsWith("/pet")) {
                if (!bearer && !(key && method.equals("GET"))) {
                    send(exchange, 401, MAPPER.createObjectNode().put("message", "unauthorized"));
                    return;
                }
                if (path.equals("/pet") && (method.equals("POST") || method.equals("PUT"))) {
                    ObjectNode pet = (ObjectNode) body;
                    if (method.equals("POST") && !pet.has("id")) {
                        pet.put("id", ids.incrementAndGet());
                    }
                    if (method.equals("PUT") && !pets.containsKey(pet.path("id").asLong())) {
                        send(exchange, 404, MAPPER.createObjectNode().put("message", "Pet not found"));
                        return;
                    }
                    pets.put(pet.path("id").asLong(), pet);
                    send(exchange, 200, pet);
                } else if (path.equals("/pet/findByStatus")) {
                    String status = query == null ? "available" : query.replace("status=", "");
                    send(
                            exchange,
                            200,
                            MAPPER.valueToTree(pets.values().stream()
                                    .filter(p -> status.equals(p.path("status").asText()))
                                    .toList()));
                } else if (path.equals("/pet/findByTags")) {
                    send(exchange, 200, MAPPER.valueToTree(List.of()));
                } else if (segments.length == 3) {
                    long id;
                    try {
                        id = Long.parseLong(segments[2]);
                    } catch (NumberFormatException e) {
                        send(exchange, 400, MAPPER.createObjectNode().put("message", "Invalid ID supplied"));
                        return;
                    }
                    ObjectNode pet = pets.get(id);
                    if (pet == null) {
                        send(exchange, 404, MAPPER.createObjectNode().put("message", "Pet not found"));
                    } else if (method.equals("DELETE")) {
                        pets.remove(id);
                        send(
                                exchange,
                                200,
                                MAPPER.createObjectNode()
                                        .put("deleted", id)
                                        .put(
                                                "reason",
                                                String.valueOf(exchange.getRequestHeaders()
                                                        .getFirst("X-Request-Reason"))));
                    } else {
                        send(exchange, 200, pet);
                    }
                } else {
                    send(exchange, 404, MAPPER.createObjectNode().put("message", "no such path"));
                }
                return;
            }
            if (!key) {
                send(exchange, 401, MAPPER.createObjectNode().put("message", "api_key required"));
                return;
            }
            if (path.equals("/store/inventory")) {
                ObjectNode counts = MAPPER.createObjectNode();
                pets.values()
                        .forEach(p -> counts.put(
                                p.path("status").asText("available"),
                                counts.path(p.path("status").asText("available"))
                                                .asInt()
                                        + 1));
                send(exchange, 200, counts);
            } else if (path.equals("/store/order") && method.equals("POST")) {
                ObjectNode order = (ObjectNode) body;
                order.put("id", ids.incrementAndGet()).put("status", "placed");
                orders.put(order.get("id").asLong(), order);
                send(exchange, 200, order);
            } else if (path.startsWith("/store/order/")) {
                ObjectNode order = orders.get(Long.parseLong(segments[3]));
                send(
                        exchange,
                        order == null ? 404 : 200,
                        order == null ? MAPPER.createObjectNode().put("message", "Order not found") : order);
            } else {
                send(exchange, 404, MAPPER.createObjectNode().put("message", "no such path"));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
