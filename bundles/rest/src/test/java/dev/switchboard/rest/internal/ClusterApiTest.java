package dev.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.cluster.api.ClusterNode;
import dev.switchboard.cluster.api.NodeState;

public class ClusterApiTest {

    @Test
    public void aStandaloneNodeSaysSo() throws Exception {
        try (TestServer server = new TestServer()) {
            HttpResponse<String> response = server.get("/api/cluster");
            assertEquals(response.body(), 200, response.statusCode());
            assertEquals(
                    TestServer.json("{\"self\":\"standalone\",\"mode\":\"standalone\",\"nodes\":[]}"),
                    TestServer.json(response));
        }
    }

    @Test
    public void theNodesAreListedWithTheIssuesNames() throws Exception {
        ClusterEndpoint endpoint = new ClusterEndpoint(new Membership(Optional.empty()), new ObjectMapper());
        assertEquals(
                new ObjectMapper().readTree("""
                {"self":"a","mode":"cluster","database":"UP","nodes":[
                 {"id":"a","url":"http://a:8080","state":"UP","lastHeartbeat":"2026-12-02T07:00:00Z",
                  "subscriptions":2,"catalogRevision":7,"deployments":3},
                 {"id":"b","url":"http://b:8080","state":"DOWN","lastHeartbeat":"2026-12-02T06:59:00Z",
                  "subscriptions":0,"catalogRevision":6,"deployments":3}]}"""),
                // as a client reads it (numbers compared by value, not by Jackson's node type)
                new ObjectMapper().readTree(endpoint.view().toString()));
    }

    @Test
    public void anUnreachableDatabaseIsShown() {
        ClusterEndpoint endpoint = new ClusterEndpoint(
                new Membership(Optional.of("the cluster database db:5432/sb is unreachable")), new ObjectMapper());
        assertEquals("DOWN", endpoint.view().get("database").asText());
        assertEquals(
                "the cluster database db:5432/sb is unreachable",
                endpoint.view().get("problem").asText());
    }

    private record Membership(Optional<String> problem) implements ClusterMembership {

        @Override
        public String self() {
            return "a";
        }

        @Override
        public List<ClusterNode> nodes() {
            return List.of(
                    new ClusterNode("a", "http://a:8080", NodeState.UP, Instant.parse("2026-12-02T07:00:00Z"), 2, 7, 3),
                    new ClusterNode(
                            "b", "http://b:8080", NodeState.DOWN, Instant.parse("2026-12-02T06:59:00Z"), 0, 6, 3));
        }

        @Override
        public List<String> liveNodes() {
            return List.of("a");
        }

        @Override
        public DataSource dataSource() {
            return null;
        }

        @Override
        public long heartbeatMillis() {
            return 1000;
        }

        @Override
        public long nodeTimeoutMillis() {
            return 5000;
        }

        @Override
        public Optional<String> databaseProblem() {
            return problem;
        }
    }
}
