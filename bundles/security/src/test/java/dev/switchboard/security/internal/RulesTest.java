package dev.switchboard.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.Test;

import dev.switchboard.security.api.Caller;
import dev.switchboard.security.api.Role;

/** The pure decisions of the security layer: roles per request, origins, audit action names. */
public final class RulesTest {

    private static final Caller ADMIN = Caller.admin("admin");
    private static final Caller OPERATOR = Caller.token("op", Set.of(Role.OPERATOR), List.of());
    private static final Caller INVOKER = Caller.token("inv", Set.of(Role.INVOKER), List.of("greeter*", "s?l"));
    private static final Caller METRICS = Caller.token("m", Set.of(Role.METRICS), List.of());

    @Test
    public void theAdminMayDoEverything() {
        for (String path : List.of("/tokens", "/audit", "/connections/x", "/connectors/sql/rollback")) {
            assertNull(AccessRules.refusal("POST", path, ADMIN));
        }
    }

    @Test
    public void anOperatorManagesButMayNotTouchTokensTheAuditLogOrInvoke() {
        assertNull(AccessRules.refusal("PUT", "/connections/prod", OPERATOR));
        assertNull(AccessRules.refusal("POST", "/connectors/sql/rollback", OPERATOR));
        assertNull(AccessRules.refusal("POST", "/subscriptions", OPERATOR));
        assertNull(AccessRules.refusal("GET", "/deployments", OPERATOR));
        assertNull(AccessRules.refusal("GET", "/connectors/sql/operations", OPERATOR));
        String refusal = AccessRules.refusal("POST", "/tokens", OPERATOR);
        assertTrue(refusal, refusal.contains("needs role admin") && refusal.contains("[operator]"));
        assertNotNull(AccessRules.refusal("GET", "/audit", OPERATOR));
        assertNotNull(AccessRules.refusal("POST", "/connectors/sql/operations/executeQuery/invoke", OPERATOR));
    }

    @Test
    public void anInvokerReadsTheCatalogAndInvokesItsConnectorsOnly() {
        assertNull(AccessRules.refusal("GET", "/connectors", INVOKER));
        assertNull(AccessRules.refusal("GET", "/operations", INVOKER));
        assertNull(AccessRules.refusal("GET", "/connectors/greeter", INVOKER));
        assertNull(AccessRules.refusal("POST", "/connectors/greeter-v2/operations/hello/invoke", INVOKER));
        assertNull(AccessRules.refusal("POST", "/connectors/sql/operations/q/invoke", INVOKER));
        String other = AccessRules.refusal("POST", "/connectors/http/operations/sendRequest/invoke", INVOKER);
        assertTrue(other, other.contains("'http'"));
        assertNotNull(AccessRules.refusal("GET", "/connectors/http", INVOKER));
        String manage = AccessRules.refusal("PUT", "/connections/prod", INVOKER);
        assertTrue(manage, manage.contains("needs role operator (or admin)"));
        assertNotNull(AccessRules.refusal("GET", "/deployments", INVOKER));
        assertNotNull(AccessRules.refusal("GET", "/subscriptions", INVOKER));
        assertNotNull(AccessRules.refusal("POST", "/connectors/greeter/rollback", INVOKER));
        assertNotNull(
                "a traffic split is the operator's",
                AccessRules.refusal("PUT", "/connectors/greeter/traffic", INVOKER));
        assertNull(AccessRules.refusal("PUT", "/connectors/greeter/traffic", OPERATOR));
    }

    @Test
    public void metricsReadsMetricsOnly() {
        assertNull(AccessRules.refusal("GET", "/metrics", METRICS));
        assertNotNull(AccessRules.refusal("GET", "/connectors", METRICS));
    }

    @Test
    public void originsAreComparedAsSchemeHostAndPort() {
        assertEquals("http://localhost:8080", OriginCheck.normalize("HTTP://LocalHost:8080/x?y"));
        assertEquals("https://a.example", OriginCheck.normalize("https://a.example:443"));
        assertNull(OriginCheck.normalize("null"));
        assertNull(OriginCheck.normalize("not a url"));
    }

    @Test
    public void stateChangingRequestsMustComeFromTheHostsOwnPages() {
        OriginCheck check = new OriginCheck(new String[] {"https://ui.example.com"});
        assertNull(check.refusal(request("http", "127.0.0.1:8080", "Origin", "http://127.0.0.1:8080")));
        assertNull("no browser headers: curl, an SDK", check.refusal(request("http", "127.0.0.1:8080")));
        assertNull("an allowed origin", check.refusal(request("http", "h:1", "Origin", "https://ui.example.com")));
        assertNull(
                "behind a TLS proxy",
                check.refusal(request("http", "sb.example.com", "Origin", "https://sb.example.com")));
        assertNull(check.refusal(request("http", "h:1", "Referer", "http://h:1/system/console/bundles")));
        assertNull(check.refusal(request("http", "h:1", "Sec-Fetch-Site", "same-origin")));
        assertNotNull(check.refusal(request("http", "127.0.0.1:8080", "Origin", "http://evil.example")));
        assertNotNull(
                "another port is another origin",
                check.refusal(request("http", "127.0.0.1:8080", "Origin", "http://127.0.0.1:3000")));
        assertNotNull(check.refusal(request("http", "h:1", "Origin", "null")));
        assertNotNull(check.refusal(request("http", "h:1", "Referer", "http://evil.example/x")));
        assertNotNull(check.refusal(request("http", "h:1", "Sec-Fetch-Site", "cross-site")));
        assertNotNull(check.refusal(request("http", "h:1", "Sec-Fetch-Site", "same-site")));
        assertNotNull("a look-alike host", check.refusal(request("http", "h:1", "Origin", "http://h:1.evil.example")));
    }

    private static jakarta.servlet.http.HttpServletRequest request(String scheme, String host, String... headers) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        map.put("host", host);
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i].toLowerCase(java.util.Locale.ROOT), headers[i + 1]);
        }
        return (jakarta.servlet.http.HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(
                RulesTest.class.getClassLoader(),
                new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getScheme" -> scheme;
                    case "getHeader" -> map.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void managementActionsAreNamedAndTrafficIsNot() {
        assertEquals(
                new AuditActions.Action("connection.put", "prod"), AuditActions.of("PUT", "/api/connections/prod"));
        assertEquals(
                new AuditActions.Action("connection.delete", "prod"),
                AuditActions.of("DELETE", "/api/connections/prod"));
        assertEquals(new AuditActions.Action("token.revoke", "abc"), AuditActions.of("DELETE", "/api/tokens/abc"));
        assertEquals(new AuditActions.Action("token.create", ""), AuditActions.of("POST", "/api/tokens"));
        assertEquals(
                new AuditActions.Action("deployment.rollback", "sql"),
                AuditActions.of("POST", "/api/connectors/sql/rollback"));
        assertEquals(
                new AuditActions.Action("traffic.put", "greeter"),
                AuditActions.of("PUT", "/api/connectors/greeter/traffic"));
        assertEquals(
                new AuditActions.Action("traffic.delete", "greeter"),
                AuditActions.of("DELETE", "/api/connectors/greeter/traffic"));
        assertEquals(new AuditActions.Action("subscription.create", ""), AuditActions.of("POST", "/api/subscriptions"));
        assertEquals(
                new AuditActions.Action("console.configMgr", "dev.switchboard.rest"),
                AuditActions.of("POST", "/system/console/configMgr/dev.switchboard.rest"));
        assertEquals(
                new AuditActions.Action("console.bundles", "12"),
                AuditActions.of("POST", "/system/console/bundles/12?action=stop"));
        assertNull(AuditActions.of("POST", "/api/connectors/sql/operations/q/invoke"));
        assertNull(AuditActions.of("POST", "/api/hooks/abc"));
    }

    @Test
    public void onlyJsonBodiesAreJson() {
        assertTrue(RequestGuard.isJson("application/json"));
        assertTrue(RequestGuard.isJson("Application/JSON; charset=utf-8"));
        assertTrue(RequestGuard.isJson("application/merge-patch+json"));
        assertTrue(!RequestGuard.isJson("text/plain"));
        assertTrue(!RequestGuard.isJson("application/x-www-form-urlencoded"));
        assertTrue(!RequestGuard.isJson(null));
    }
}
