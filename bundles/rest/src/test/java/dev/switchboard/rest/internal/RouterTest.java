package dev.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.JsonViews;
import dev.switchboard.triggers.api.SubscriptionException;

/** The router answers a service's failure with its own status and Retry-After, not a 500. */
public class RouterTest {

    private Server server;
    private URI base;

    @Before
    public void start() throws Exception {
        Router router = new Router()
                .add("GET", "/subscriptions/{id}", call -> {
                    throw new SubscriptionException(
                            503, "ClusterUnavailable", "The cluster database cannot be reached now.", 5);
                })
                .add("GET", "/broken", call -> {
                    throw new IllegalStateException("a bug");
                });
        ResponseWriter writer = new ResponseWriter(JsonViews.strictMapper());
        server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(
                new ServletHolder(new HttpServlet() {
                    @Override
                    protected void service(HttpServletRequest request, HttpServletResponse response)
                            throws java.io.IOException {
                        router.serve(request, response, writer, LoggerFactory.getLogger(RouterTest.class));
                    }
                }),
                "/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    @Test
    public void aFailureAServiceReportsKeepsItsStatusCodeAndRetryAfter() throws Exception {
        HttpResponse<String> response = get("/subscriptions/s1");
        assertEquals(response.body(), 503, response.statusCode());
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(""));
        assertTrue(response.body(), response.body().contains("\"code\":\"ClusterUnavailable\""));
        assertTrue(response.body(), response.body().contains("cannot be reached"));
    }

    @Test
    public void anyOtherExceptionIsStillAnInternalError() throws Exception {
        HttpResponse<String> response = get("/broken");
        assertEquals(500, response.statusCode());
        assertTrue(response.body(), response.body().contains("InternalError"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
