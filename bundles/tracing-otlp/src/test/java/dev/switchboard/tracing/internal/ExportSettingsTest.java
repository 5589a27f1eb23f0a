package dev.switchboard.tracing.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.junit.Test;

public class ExportSettingsTest {

    private static TracingConfiguration config(String endpoint, String... headers) {
        return new TracingConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TracingConfiguration.class;
            }

            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public String service_name() {
                return "sb-test";
            }

            @Override
            public String[] headers() {
                return headers;
            }

            @Override
            public long timeout_ms() {
                return 2000;
            }
        };
    }

    @Test
    public void anEmptyEndpointTurnsExportOff() {
        assertNull(ExportSettings.of(config("")));
        assertNull(ExportSettings.of(config("  ")));
    }

    @Test
    public void theTracesPathIsAddedToABaseUrlOnly() {
        assertEquals(
                "http://127.0.0.1:4318/v1/traces",
                ExportSettings.of(config("http://127.0.0.1:4318")).tracesUrl());
        assertEquals(
                "http://127.0.0.1:4318/v1/traces",
                ExportSettings.of(config("http://127.0.0.1:4318/")).tracesUrl());
        assertEquals(
                "https://otel.example/v1/traces",
                ExportSettings.of(config("https://otel.example/v1/traces")).tracesUrl());
    }

    @Test
    public void aBadEndpointIsRefusedWithWhatToDo() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ExportSettings.of(config("localhost:4318")));
        assertTrue(e.getMessage(), e.getMessage().contains("http:// or https://"));
    }

    @Test
    public void headerValuesNeverShowInTheDescriptionNorInAnError() {
        ExportSettings settings = ExportSettings.of(config("http://127.0.0.1:4318", "x-api-key=s3cr3t"));
        assertEquals(Map.of("x-api-key", "s3cr3t"), settings.headers());
        assertFalse(settings.toString(), settings.toString().contains("s3cr3t"));
        assertTrue(settings.toString().contains("x-api-key"));

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ExportSettings.of(config("http://127.0.0.1:4318", "a=b", "s3cr3t")));
        assertFalse(e.getMessage(), e.getMessage().contains("s3cr3t"));
        assertTrue(e.getMessage(), e.getMessage().contains("entry 2"));
    }
}
