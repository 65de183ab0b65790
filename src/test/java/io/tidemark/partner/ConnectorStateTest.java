package io.tidemark.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.config.ConfigException;
import io.tidemark.state.TableState;
import io.tidemark.state.TableState.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code state_json} a Checkpoint carries: Tidemark's table states under a version, read back as written. */
class ConnectorStateTest {
    private static final TableState ORDERS = new TableState("public.orders", Phase.SNAPSHOT, List.of("42", "b \"quoted\""),
            null, null, null, "run-1", "2024-05-06T07:08:09.123Z", List.of("id", "code"), null);
    private static final TableState EVENTS = new TableState("Odd Schema.Weird \"Name\"", Phase.INCREMENTAL, null,
            "updated_at", "2024-02-29 13:14:15.123456+00", List.of("7"), "run-2", "2024-05-06T07:08:10Z", List.of("id"),
            "timestamp with time zone");

    @Test
    void noStateIsAnInitialSync() {
        for (String empty : new String[] {null, "", "   ", "{}", " {} \n"}) {
            ConnectorState state = ConnectorState.parse(empty);
            assertThat(state.initial()).as(String.valueOf(empty)).isTrue();
            assertThat(state.load("public.orders")).isEmpty();
        }
    }

    @Test
    void savedStatesRoundTripThroughTheJson() throws Exception {
        ConnectorState state = ConnectorState.parse(null);
        state.save(ORDERS);
        state.save(EVENTS);
        assertThat(state.initial()).isFalse();

        String json = state.json();
        ConnectorState read = ConnectorState.parse(json);

        assertThat(read.initial()).isFalse();
        assertThat(read.load("public.orders")).contains(ORDERS);
        assertThat(read.load("Odd Schema.Weird \"Name\"")).contains(EVENTS);
        assertThat(read.load("public.other")).isEmpty();
        assertThat(read.json()).isEqualTo(json);
        JsonNode document = new ObjectMapper().readTree(json);
        assertThat(document.get("version").asInt()).isEqualTo(1);
        assertThat(document.get("tables").size()).isEqualTo(2);
        assertThat(document.get("tables").get("public.orders").get("table").asText()).isEqualTo("public.orders");
    }

    @Test
    void aLaterSaveOfATableReplacesItsState() {
        ConnectorState state = ConnectorState.parse("");
        state.save(ORDERS);
        TableState done = new TableState("public.orders", Phase.COMPLETE, null, null, null, null, "run-3", "2024-05-07T00:00:00Z",
                List.of("id", "code"), null);
        state.save(done);

        assertThat(ConnectorState.parse(state.json()).load("public.orders")).contains(done);
    }

    @Test
    void aStateWithoutTheLaterFieldsIsRead() {
        ConnectorState state = ConnectorState.parse("""
                {"version": 1, "tables": {"public.t": {"table": "public.t", "phase": "SNAPSHOT", "snapshotKey": ["5"],
                 "runId": "r", "updatedAt": "2024-01-01T00:00:00Z", "somethingNewer": true}}}
                """);

        assertThat(state.load("public.t")).contains(new TableState("public.t", Phase.SNAPSHOT, List.of("5"), null, null, null,
                "r", "2024-01-01T00:00:00Z"));
    }

    @Test
    void anotherVersionIsRefused() {
        ConnectorState written = ConnectorState.parse(null);
        written.save(ORDERS);
        String version2 = written.json().replace("\"version\":1", "\"version\":2");
        assertThat(version2).contains("\"version\":2");

        assertThat(refused(version2).getMessage()).contains("version 2");
        refused("{\"tables\": {}}");
    }

    @Test
    void garbageIsRefused() {
        refused("not json at all");
        refused("{\"version\": 1, \"tables\": ");
        refused("[1, 2]");
        refused("{\"version\": 1, \"tables\": {\"public.t\": {\"table\": \"public.t\", \"phase\": \"SOMEWHERE\"}}}");
    }

    /** The JSON literal null is no state: an initial sync or refused as not Tidemark's, never a NullPointerException. */
    @Test
    void theJsonLiteralNullIsNoCrash() {
        Throwable thrown = catchThrowable(() -> ConnectorState.parse("null"));

        if (thrown == null) {
            assertThat(ConnectorState.parse("null").initial()).isTrue();
        } else {
            assertThat(thrown).isInstanceOf(ConfigException.class).hasMessageStartingWith("state_json: ");
        }
    }

    @Test
    void anEntryThatIsNotItsTablesStateIsRefused() {
        ConfigException e = refused("""
                {"version": 1, "tables": {"public.a": {"table": "public.b", "phase": "SNAPSHOT"}}}
                """);
        assertThat(e.getMessage()).contains("public.a");
        refused("{\"version\": 1, \"tables\": {\"public.a\": null}}");
    }

    private static ConfigException refused(String stateJson) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConnectorState.parse(stateJson));
        assertThat(e).as("refused: " + stateJson).isNotNull();
        assertThat(e.getMessage()).startsWith("state_json: ");
        assertThat(e.property()).isEqualTo("state_json");
        return e;
    }
}
