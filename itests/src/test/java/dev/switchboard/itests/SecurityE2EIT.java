package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Issue #10 (§1 cross-site requests, §4 the admin password at rest, §5 password guessing, §8 tokens and roles, §9 the
 * audit of API and console actions), replayed as an attacker would against the real launcher: each request below got
 * through before the security layer, and is refused now.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SecurityE2EIT {

    private static final String EVIL = "http://evil.example";
    private static final String TRUSTED = "http://trusted.example:3000";
    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.create("switchboard-security");
        // allowed.origins, the way an admin would set it: a configuration file in the deploy folder
        host.deployText("allowed.origins=[\"" + TRUSTED + "\"]\n", "dev.switchboard.security.config");
        host.start();
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    /* ---- §1 cross-site requests ------------------------------------------------------------------------------ */

    @Test
    public void a_consolePostsFromAnotherOriginAreRefused() {
        long before = consoleBundleCount();
        HttpResponse<String> install = host.send(host.request("/system/console/bundles")
                .header("Origin", EVIL)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=install&bundlestart=start"))
                .build());
        assertEquals(install.body(), 403, install.statusCode());

        String scr = consoleBundleId("org.apache.felix.scr");
        HttpResponse<String> stop = host.send(host.request("/system/console/bundles/" + scr)
                .header("Origin", EVIL)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=stop"))
                .build());
        assertEquals(403, stop.statusCode());
        HttpResponse<String> byReferer = host.send(host.request("/system/console/bundles/" + scr)
                .header("Referer", EVIL + "/page.html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=stop"))
                .build());
        assertEquals(403, byReferer.statusCode());
        HttpResponse<String> byFetchMetadata = host.send(host.request("/system/console/bundles/" + scr)
                .header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=stop"))
                .build());
        assertEquals(403, byFetchMetadata.statusCode());
        assertTrue(
                "SCR still runs",
                host.get("/system/console/bundles/" + scr + ".json").body().contains("\"state\":\"Active\""));

        HttpResponse<String> config = host.send(host.request("/system/console/configMgr/evil.pid")
                .header("Origin", EVIL)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("apply=true&propertylist=x&x=1"))
                .build());
        assertEquals(403, config.statusCode());
        assertFalse(host.get("/system/console/configMgr/evil.pid.json").body().contains("\"x\""));
        assertEquals(before, consoleBundleCount());
    }

    @Test
    public void b_apiWritesFromAnotherOriginOrWithoutJsonAreRefused() {
        String subscription =
                "{\"connector\":\"schedule\",\"trigger\":\"timer\",\"parameters\":{\"intervalSeconds\":60},"
                        + "\"target\":{\"webhook\":\"http://evil.example/collect\"}}";
        HttpResponse<String> crossSite = host.send(host.request("/api/subscriptions")
                .header("Origin", EVIL)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(subscription))
                .build());
        assertEquals(403, crossSite.statusCode());
        assertEquals(
                "CrossOriginRequest",
                SwitchboardProcess.json(crossSite).at("/error/code").asText());

        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded"}) {
            HttpResponse<String> simple = host.send(host.request("/api/subscriptions")
                    .header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(subscription))
                    .build());
            assertEquals(type, 415, simple.statusCode());
            assertEquals(
                    "UnsupportedMediaType",
                    SwitchboardProcess.json(simple).at("/error/code").asText());
        }
        HttpResponse<String> untyped = host.send(host.request("/api/connections/evil")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"connector\":\"http\",\"parameters\":{}}"))
                .build());
        assertEquals(415, untyped.statusCode());
        HttpResponse<String> invoke = host.send(host.request("/api/connectors/http/operations/sendRequest/invoke")
                .header("Origin", EVIL)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"parameters\":{}}"))
                .build());
        assertEquals(403, invoke.statusCode());
        assertEquals("[]", host.get("/api/subscriptions").body().replaceAll("\\s", ""));
        assertEquals(404, host.get("/api/connections/evil").statusCode());
    }

    @Test
    public void c_theOwnOriginAnAllowedOneAndClientsWithoutAnOriginKeepWorking() {
        String connection = "{\"connector\":\"http\",\"parameters\":{\"baseUrl\":\"http://127.0.0.1:9\"}}";
        HttpResponse<String> own = host.send(host.request("/api/connections/own")
                .header("Origin", host.baseUrl())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(connection))
                .build());
        assertTrue(own.body(), own.statusCode() < 300);
        HttpResponse<String> trusted = host.send(host.request("/api/connections/trusted")
                .header("Origin", TRUSTED)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(connection))
                .build());
        assertTrue(trusted.body(), trusted.statusCode() < 300);
        HttpResponse<String> curl = host.put("/api/connections/curl", connection);
        assertTrue(curl.body(), curl.statusCode() < 300);
        for (String name : List.of("own", "trusted", "curl")) {
            assertEquals(204, host.delete("/api/connections/" + name).statusCode());
        }
    }

    @Test
    public void d_everyAnswerCarriesTheSecurityHeaders() {
        for (HttpResponse<String> response : List.of(
                host.getAnonymous("/api/health"),
                host.getAnonymous("/api/connectors"),
                host.get("/api/nothing"),
                host.get("/system/console/bundles"),
                host.getAnonymous("/system/console/bundles"),
                host.getAnonymous("/nothing"),
                host.get("/system/console/connectors"))) {
            String where = response.request().uri() + " " + response.statusCode();
            assertEquals(
                    where,
                    "SAMEORIGIN",
                    response.headers().firstValue("X-Frame-Options").orElse(null));
            assertEquals(
                    where,
                    "nosniff",
                    response.headers().firstValue("X-Content-Type-Options").orElse(null));
            assertTrue(
                    where,
                    response.headers()
                            .firstValue("Content-Security-Policy")
                            .orElse("")
                            .contains("frame-ancestors 'self'"));
        }
    }

    @Test
    public void e_traceIsRefusedAndOptionsAnswersCleanly() {
        int errorsBefore = errorLines();
        for (String path : List.of("/system/console/bundles", "/api/connectors", "/api/health")) {
            HttpResponse<String> trace = host.send(host.request(path)
                    .method("TRACE", HttpRequest.BodyPublishers.noBody())
                    .build());
            assertEquals(path, 405, trace.statusCode());
            assertFalse("TRACE echoes nothing", trace.body().contains("Authorization"));
            assertFalse(trace.body()
                    .contains(SwitchboardProcess.basic("admin", host.password()).substring(6)));
            HttpResponse<String> options = host.send(host.request(path)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .build());
            assertTrue(path + " " + options.statusCode(), options.statusCode() < 300);
            assertTrue(options.headers().firstValue("Allow").orElse("").contains("GET"));
            assertFalse(
                    "no CORS grant",
                    options.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        }
        assertEquals("no exception logged:\n" + host.tail(40), errorsBefore, errorLines());
    }

    @Test
    public void f_pageLoadsCreateNoHttpSessions() {
        for (int i = 0; i < 20; i++) {
            for (HttpResponse<String> response : List.of(
                    host.getAnonymous("/system/console/connectors"),
                    host.get("/system/console/connectors"),
                    host.get("/system/console/bundles"),
                    host.getAnonymous("/api/connectors"),
                    host.get("/api/connectors"))) {
                assertFalse(
                        response.request().uri().toString(),
                        response.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID")));
            }
        }
    }

    /* ---- §4 the admin password at rest ------------------------------------------------------------------------- */

    @Test
    public void g_theAdminPasswordIsKeptAsASaltedSlowHashOnlyAndShownNowhere() throws Exception {
        Path hash = host.home().resolve("conf/admin.hash");
        String stored = Files.readString(hash).strip();
        assertTrue(stored, stored.startsWith("{pbkdf2-sha256}"));
        assertFalse(stored.contains(host.password()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hash)));
        assertFalse(Files.exists(host.home().resolve("conf/admin.password")));
        String salt = stored.split("\\$")[1];
        for (String page : List.of(
                "/system/console/status-Services.txt",
                "/system/console/status-Configurations.txt",
                "/system/console/configMgr/dev.switchboard.security.json",
                "/system/console/configMgr/dev.switchboard.rest.json",
                "/system/console/configMgr/org.apache.felix.webconsole.internal.servlet.OsgiManager.json",
                "/system/console/status-Components.txt")) {
            String body = host.get(page).body();
            assertFalse(page, body.contains(salt));
            assertFalse(page, body.contains(host.password()));
            assertFalse(page, body.contains(sha256(host.password())));
        }
    }

    /* ---- §5 password guessing (last: it locks 127.0.0.1 out for a minute) ------------------------------------- */

    @Test
    public void z_guessingIsSlowedThenRefusedLoggedAndOtherAddressesAreUnaffected() throws Exception {
        HttpRequest wrong = HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/connectors"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", SwitchboardProcess.basic("admin", "guess-1"))
                .build();
        int refused = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 25; i++) {
            last = host.send(wrong);
            if (last.statusCode() == 429) {
                refused++;
            } else {
                assertEquals(401, last.statusCode());
            }
        }
        assertTrue("refused after a few attempts: " + refused, refused >= 10);
        assertEquals(429, last.statusCode());
        assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElse("0")) > 0);
        // the right password from the guessing address waits too...
        assertEquals(429, host.get("/api/connectors").statusCode());
        // ...while another address signs in as usual
        assertEquals(200, statusFrom("127.0.0.2", "/api/connectors", host.password()));
        String log = String.join("\n", host.output());
        assertTrue(
                log, log.lines().anyMatch(l -> l.contains("WARN") && l.contains("127.0.0.1") && l.contains("'admin'")));
        assertFalse(log.contains("guess-1"));
    }

    /* ---- §8 tokens and roles ------------------------------------------------------------------------------------ */

    @Test
    public void i_tokensCarryRolesAndScopesAndAreShownOnce() throws Exception {
        JsonNode invoker = SwitchboardProcess.json(admin((host.postRequest(
                "/api/tokens",
                "{\"name\":\"ci\",\"roles\":[\"invoker\"],\"connectors\":[\"ht*\"],\"expiresIn\":3600}"))));
        String token = invoker.get("token").asText();
        assertTrue(token, token.startsWith("sbt_"));
        assertEquals("[\"invoker\"]", invoker.get("roles").toString());
        assertNotNull(invoker.get("expiresAt").asText(null));

        assertEquals(200, bearer(token, "/api/connectors/http").statusCode());
        JsonNode catalog = SwitchboardProcess.json(bearer(token, "/api/connectors"));
        catalog.forEach(c -> assertTrue(c.toString(), c.get("id").asText().startsWith("ht")));
        HttpResponse<String> other = bearer(token, "/api/connectors/sql");
        assertEquals(403, other.statusCode());
        assertTrue(other.body(), other.body().contains("sql"));
        HttpResponse<String> manage = sendBearer(
                token,
                HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/connections/x"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"connector\":\"http\",\"parameters\":{}}")));
        assertEquals(403, manage.statusCode());
        assertTrue(manage.body(), manage.body().contains("operator"));
        assertEquals(403, bearer(token, "/api/tokens").statusCode());
        assertEquals(401, bearer(token, "/system/console/bundles").statusCode());

        JsonNode operator = SwitchboardProcess.json(
                admin((host.postRequest("/api/tokens", "{\"name\":\"ops\",\"roles\":[\"operator\"]}"))));
        String ops = operator.get("token").asText();
        HttpResponse<String> put = sendBearer(
                ops,
                HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/connections/by-operator"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"connector\":\"http\",\"parameters\":{" + "\"baseUrl\":\"http://127.0.0.1:9\"}}")));
        assertTrue(put.body(), put.statusCode() < 300);
        assertEquals(200, bearer(ops, "/api/deployments").statusCode());
        assertEquals(403, bearer(ops, "/api/audit").statusCode());
        assertEquals(
                403,
                sendBearer(
                                ops,
                                HttpRequest.newBuilder(URI.create(
                                                host.baseUrl() + "/api/connectors/http/operations/sendRequest/invoke"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{}")))
                        .statusCode());

        String list = host.get("/api/tokens").body();
        assertFalse("the list never shows a token", list.contains(token) || list.contains(ops));
        assertTrue(list.contains(operator.get("id").asText()));
        String stored = Files.readString(host.home().resolve("data/security/tokens.json"));
        assertFalse(stored.contains(token.substring(token.lastIndexOf('_') + 1)));

        HttpRequest revoke = withAdmin(HttpRequest.newBuilder(URI.create(
                        host.baseUrl() + "/api/tokens/" + operator.get("id").asText()))
                .DELETE());
        assertEquals(204, admin((revoke)).statusCode());
        assertEquals(401, bearer(ops, "/api/deployments").statusCode());

        JsonNode shortLived = SwitchboardProcess.json(admin(
                (host.postRequest("/api/tokens", "{\"name\":\"brief\",\"roles\":[\"invoker\"],\"expiresIn\":1}"))));
        Thread.sleep(1500);
        HttpResponse<String> expired = bearer(shortLived.get("token").asText(), "/api/connectors");
        assertEquals(401, expired.statusCode());
        assertEquals(
                "TokenExpired",
                SwitchboardProcess.json(expired).at("/error/code").asText());
    }

    /* ---- §9 audit ------------------------------------------------------------------------------------------------ */

    @Test
    public void j_managementActionsAreAuditedWithoutSecrets() throws Exception {
        HttpResponse<String> put = admin((host.putRequest(
                "/api/connections/audited",
                "{\"connector\":\"http\",\"parameters\":{\"baseUrl\":\"http://127.0.0.1:9\","
                        + "\"password\":\"do-not-log-me\"}}")));
        assertTrue(put.body(), put.statusCode() < 500);
        admin((host.request("/system/console/configMgr/audit.probe")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("apply=true&propertylist=x&x=1"))
                .build()));
        JsonNode audit =
                SwitchboardProcess.json(admin((host.request("/api/audit").GET().build())));
        assertTrue(audit.toString(), audit.isArray());
        assertTrue(audit.toString(), contains(audit, "connection.put", "audited", "admin"));
        assertTrue(audit.toString(), contains(audit, "token.create", "", "admin"));
        assertTrue(audit.toString(), contains(audit, "console.configMgr", "audit.probe", "admin"));
        assertTrue(audit.toString(), contains(audit, "connection.put", "by-operator", "token:"));
        assertFalse(audit.toString().contains("do-not-log-me"));
        assertFalse(audit.toString().contains(host.password()));
    }

    /* ---- helpers ------------------------------------------------------------------------------------------------- */

    private static boolean contains(JsonNode audit, String action, String target, String who) {
        for (JsonNode entry : audit) {
            if (entry.path("action").asText().equals(action)
                    && entry.path("target").asText().equals(target)
                    && entry.path("who").asText().startsWith(who)
                    && entry.hasNonNull("at")) {
                return true;
            }
        }
        return false;
    }

    private static int errorLines() {
        return (int) host.output().stream()
                .filter(l -> l.contains("ERROR") || l.contains("Exception"))
                .count();
    }

    private static long consoleBundleCount() {
        return SwitchboardProcess.json(host.get("/system/console/bundles.json"))
                .get("data")
                .size();
    }

    private static String consoleBundleId(String symbolicName) {
        for (JsonNode bundle : SwitchboardProcess.json(host.get("/system/console/bundles.json"))
                .get("data")) {
            if (symbolicName.equals(bundle.get("symbolicName").asText())) {
                return bundle.get("id").asText();
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private static HttpResponse<String> bearer(String token, String path) {
        return sendBearer(
                token, HttpRequest.newBuilder(URI.create(host.baseUrl() + path)).GET());
    }

    private static HttpResponse<String> sendBearer(String token, HttpRequest.Builder request) {
        return host.send(request.timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .build());
    }

    private static HttpRequest withAdmin(HttpRequest.Builder request) {
        return request.timeout(Duration.ofSeconds(30))
                .header("Authorization", SwitchboardProcess.basic("admin", host.password()))
                .build();
    }

    private static HttpResponse<String> admin(HttpRequest request) {
        return host.send(request);
    }

    private static int statusFrom(String address, String path, String password) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", host.port()), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + host.port() + "\r\nAuthorization: "
                            + SwitchboardProcess.basic("admin", password) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static String sha256(String text) throws Exception {
        return java.util.Base64.getEncoder()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
