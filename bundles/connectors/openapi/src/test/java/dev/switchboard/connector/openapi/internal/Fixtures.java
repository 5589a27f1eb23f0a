package dev.switchboard.connector.openapi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.time.Clock;

import dev.switchboard.connector.http.client.HttpRequestSender;
import dev.switchboard.connector.http.internal.HttpConnectorConfiguration;
import dev.switchboard.connector.http.internal.SharedHttpSender;

/** Reads the committed fixture documents and compiles them; gives the http connector's real client. */
final class Fixtures {

    private Fixtures() {}

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    static OpenApiDefinition compile(String name) throws Exception {
        return compile(name, bytes(name));
    }

    static OpenApiDefinition compile(String name, byte[] content) throws Exception {
        DocumentReader.Result read = new DocumentReader(5 * 1024 * 1024).read(name, content);
        if (!read.ok()) {
            throw new AssertionError(name + ": " + read.problems());
        }
        return new DocumentCompiler(20_000).compile(name, read.openApi());
    }

    /** The http connector's client with its default configuration. */
    static SharedHttpSender sender() {
        HttpConnectorConfiguration defaults = (HttpConnectorConfiguration) Proxy.newProxyInstance(
                HttpConnectorConfiguration.class.getClassLoader(),
                new Class<?>[] {HttpConnectorConfiguration.class},
                (proxy, method, args) -> method.getDefaultValue());
        return new SharedHttpSender(defaults);
    }

    static OpenApiConnector connector(String name, HttpRequestSender sender) throws Exception {
        return new OpenApiConnector(compile(name), sender, new TokenCache(sender, Clock.systemUTC()));
    }
}
