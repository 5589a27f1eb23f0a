package dev.switchboard.host.internal.connections;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameter;

public class LiteralSecretsTest {

    private static final Map<String, ConnectionParameter> DECLARED = Map.of(
            "apiKey", ConnectionParameter.secureString("API key").build(),
            "salutation", ConnectionParameter.string("Salutation").build());
    private final TestCipher cipher = new TestCipher();

    @Test
    public void aLiteralSecretIsEncryptedInACopy() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("connector", "greeter");
        properties.put("APIKEY", "s3cret"); // names do not depend on case
        properties.put("salutation", "Hi");
        Map<String, Object> sealed = LiteralSecrets.sealed(DECLARED, properties, cipher);
        assertTrue(String.valueOf(sealed.get("APIKEY")).startsWith("{aes-gcm}"));
        assertEquals("s3cret", cipher.decrypt(sealed.get("APIKEY").toString()));
        assertEquals("Hi", sealed.get("salutation"));
        assertEquals("greeter", sealed.get("connector"));
        assertEquals("s3cret", properties.get("APIKEY")); // a copy: the input is left alone
    }

    @Test
    public void referencesAndEncryptedValuesStayAsTheyAre() {
        Map<String, Object> reference = Map.of("apiKey", "$[secret:greeter-key]", "salutation", "Hi");
        assertSame(reference, LiteralSecrets.sealed(DECLARED, reference, cipher));
        Map<String, Object> encrypted = Map.of("apiKey", cipher.encrypt("x"));
        assertSame(encrypted, LiteralSecrets.sealed(DECLARED, encrypted, cipher));
        Map<String, Object> empty = Map.of("apiKey", "");
        assertSame(empty, LiteralSecrets.sealed(DECLARED, empty, cipher));
    }

    @Test
    public void thePropertiesConfigAdminManagesAreNotWrittenBack() {
        Map<String, Object> stored = Map.of(
                "service.pid", "dev.switchboard.connection~a",
                "SERVICE.FACTORYPID", "dev.switchboard.connection",
                "service.bundleLocation", "?",
                "connector", "greeter");
        assertEquals(Map.of("connector", "greeter"), LiteralSecrets.withoutConfigAdminProperties(stored));
    }
}
