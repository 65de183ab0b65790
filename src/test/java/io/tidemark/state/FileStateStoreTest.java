package io.tidemark.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.state.TableState.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One JSON file per table under {@code <state>/tables/}: round trips, overwrites, deletes and odd names. */
class FileStateStoreTest {
    @TempDir
    Path stateDirectory;

    private FileStateStore store() {
        return new FileStateStore(stateDirectory);
    }

    private Path folder() {
        return stateDirectory.resolve("tables");
    }

    /** Every file under the state directory, relative to it, sorted. */
    private List<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(stateDirectory)) {
            return walk.filter(Files::isRegularFile).map(p -> stateDirectory.relativize(p).toString()).sorted().toList();
        }
    }

    private static TableState snapshot(String table) {
        return new TableState(table, Phase.SNAPSHOT, List.of("7"), "updated_at", "2024-01-01 00:00:00+00", null,
                "run-1", "2024-01-01T00:00:05Z");
    }

    @Test
    void everyFieldRoundTrips() throws IOException {
        TableState state = new TableState("sales.orders", Phase.INCREMENTAL, List.of("a", "2", ""), "updated_at",
                "2024-02-29 23:59:59.999999+00", List.of("42", "x y", "ü\"\\"), "20240301T000000Z-ab12",
                "2024-03-01T00:00:00.123456789Z");

        store().save(state);

        assertThat(store().load("sales.orders")).contains(state);
        // a new store on the same directory (a restarted Tidemark) reads the same
        assertThat(new FileStateStore(stateDirectory).load("sales.orders")).contains(state);
    }

    @Test
    void nullsRoundTripAsNulls() throws IOException {
        TableState state = new TableState("public.t", Phase.COMPLETE, null, null, null, null, null, null);

        store().save(state);

        TableState loaded = store().load("public.t").orElseThrow();
        assertThat(loaded).isEqualTo(state);
        assertThat(loaded.snapshotKey()).isNull();
        assertThat(loaded.cursorKey()).isNull();
        assertThat(loaded.cursorValue()).isNull();
    }

    @Test
    void emptyListsStayEmptyNotNull() throws IOException {
        TableState state = new TableState("public.t", Phase.SNAPSHOT, List.of(), "c", "1", List.of(), "r", "u");

        store().save(state);

        TableState loaded = store().load("public.t").orElseThrow();
        assertThat(loaded.snapshotKey()).isNotNull().isEmpty();
        assertThat(loaded.cursorKey()).isNotNull().isEmpty();
        assertThat(loaded).isEqualTo(state);
    }

    @ParameterizedTest
    @EnumSource(Phase.class)
    void eachPhaseRoundTrips(Phase phase) throws IOException {
        TableState state = new TableState("public.p", phase, List.of("1"), "updated_at", "v", List.of("2"), "r", "u");

        store().save(state);

        assertThat(store().load("public.p").orElseThrow().phase()).isEqualTo(phase);
        assertThat(store().load("public.p")).contains(state);
    }

    @Test
    void aSaveReplacesThePreviousState() throws IOException {
        FileStateStore store = store();
        store.save(snapshot("public.t"));
        TableState next = new TableState("public.t", Phase.INCREMENTAL, null, "updated_at", "2024-01-02 00:00:00+00",
                List.of("9"), "run-2", "2024-01-02T00:00:00Z");

        store.save(next);

        assertThat(store.load("public.t")).contains(next);
        assertThat(store.tables()).containsExactly("public.t");
        assertThat(files()).containsExactly("tables/public.t.json");
    }

    @Test
    void deleteForgetsATableOnce() throws IOException {
        FileStateStore store = store();
        store.save(snapshot("public.a"));
        store.save(snapshot("public.b"));

        assertThat(store.delete("public.a")).isTrue();
        assertThat(store.delete("public.a")).isFalse();

        assertThat(store.load("public.a")).isEmpty();
        assertThat(store.load("public.b")).contains(snapshot("public.b"));
        assertThat(store.tables()).containsExactly("public.b");
    }

    @Test
    void deleteOfATableNeverSavedIsFalse() throws IOException {
        assertThat(store().delete("public.never")).isFalse();
    }

    @Test
    void aMissingTableLoadsAsEmpty() throws IOException {
        assertThat(store().load("public.missing")).isEmpty();
        store().save(snapshot("public.other"));
        assertThat(store().load("public.missing")).isEmpty();
    }

    @Test
    void tablesOfAnEmptyOrMissingFolderIsEmpty() throws IOException {
        assertThat(store().tables()).isEmpty();
        Files.createDirectories(folder());
        assertThat(store().tables()).isEmpty();
    }

    @Test
    void tablesListsExactlyTheSavedTablesByTheirRealNames() throws IOException {
        FileStateStore store = store();
        List<String> names = List.of("public.orders", "Sales.Order Lines", "a/b.c\\d", "public.100%");
        for (String name : names) {
            store.save(snapshot(name));
        }

        assertThat(store.tables()).containsExactlyInAnyOrderElementsOf(names);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "public.a/b",
        "../public.escape",
        "..",
        ".",
        "/etc/passwd",
        "public.back\\slash",
        "..\\..\\windows",
        "public.100%",
        "public.%2F",
        "%2E.hidden",
        ".hidden",
        "public.\"Quoted\" 'Name'",
        "My Schema.My Table",
        "sch\u00e9ma.t\u00e4ble \u6f22\u5b57",
        "public.t.json",
        "public.t.json.tmp",
    })
    void oddNamesRoundTripAndStayInsideTheFolder(String name) throws IOException {
        FileStateStore store = store();
        TableState state = snapshot(name);

        store.save(state);

        assertThat(store.load(name)).contains(state);
        assertThat(store.tables()).containsExactly(name);
        List<String> files = files();
        assertThat(files).hasSize(1);
        Path file = stateDirectory.resolve(files.get(0));
        assertThat(file.getParent()).isEqualTo(folder());
        assertThat(file.getFileName().toString()).endsWith(".json").doesNotStartWith(".").doesNotContain("\\");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("\"phase\":\"SNAPSHOT\"");

        assertThat(store.delete(name)).isTrue();
        assertThat(files()).isEmpty();
    }

    /** The file names: the name as it is, with {@code % / \\} escaped and a leading dot as {@code %2E}. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            public.orders          | public.orders.json
            public.a/b             | public.a%2Fb.json
            public.back\\slash     | public.back%5Cslash.json
            public.100%            | public.100%25.json
            .hidden                | %2Ehidden.json
            ..                     | %2E..json
            /etc/passwd            | %2Fetc%2Fpasswd.json
            `My "Schema".t 'x'`    | `My "Schema".t 'x'.json`
            """)
    void fileNames(String table, String fileName) throws IOException {
        store().save(snapshot(table));

        assertThat(files()).containsExactly("tables/" + fileName);
    }

    /** Names that escape alike must not share a file: the escaping is one-to-one. */
    @Test
    void namesThatLookAlikeOnceEscapedKeepTheirOwnFiles() throws IOException {
        FileStateStore store = store();
        List<String> names = List.of("a/b", "a%2Fb", "a%252Fb", "a\\b", "a%5Cb", ".x", "%2Ex", "%252Ex", "x");
        for (String name : names) {
            store.save(snapshot(name));
        }

        for (String name : names) {
            assertThat(store.load(name)).as(name).contains(snapshot(name));
        }
        assertThat(store.tables()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(files()).hasSize(names.size());
    }

    @Test
    void savesLeaveNoTemporaryFiles() throws IOException {
        FileStateStore store = store();
        for (int i = 0; i < 20; i++) {
            store.save(new TableState("public.t", Phase.SNAPSHOT, List.of(Integer.toString(i)), null, null, null, "r", "u"));
            store.save(snapshot("public.u" + (i % 3)));
        }

        assertThat(files()).containsExactlyInAnyOrder("tables/public.t.json", "tables/public.u0.json",
                "tables/public.u1.json", "tables/public.u2.json");
        try (Stream<Path> all = Files.list(folder())) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        assertThat(store.load("public.t").orElseThrow().snapshotKey()).containsExactly("19");
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnored() throws IOException {
        FileStateStore store = store();
        store.save(snapshot("public.kept"));
        // a crash while writing public.x's first checkpoint, and one while overwriting public.kept's: half-written
        Files.writeString(folder().resolve(".public.x.json.tmp"), "{\"table\":\"public.x\",\"pha");
        Files.writeString(folder().resolve(".public.kept.json.tmp"), "{\"table\":\"public.kept\",\"phase\":\"COMP");

        assertThat(store.tables()).containsExactly("public.kept");
        assertThat(store.load("public.x")).isEmpty();
        assertThat(store.load("public.kept")).contains(snapshot("public.kept"));
        assertThat(store.delete("public.x")).isFalse();

        // the next save of the crashed table writes over its leftover and leaves nothing else behind
        store.save(snapshot("public.x"));
        store.save(snapshot("public.kept"));
        assertThat(store.load("public.x")).contains(snapshot("public.x"));
        assertThat(store.tables()).containsExactlyInAnyOrder("public.kept", "public.x");
        assertThat(files()).containsExactlyInAnyOrder("tables/public.kept.json", "tables/public.x.json");
    }

    @Test
    void theFileIsPlainJsonOfTheState() throws IOException {
        store().save(new TableState("public.t", Phase.INCREMENTAL, null, "updated_at", "2024-01-01 00:00:00+00",
                List.of("5"), "run", "2024-01-01T00:00:00Z", List.of("id"), "timestamp with time zone")
                .withRun(1234, "small"));

        JsonNode file = new ObjectMapper().readTree(folder().resolve("public.t.json").toFile());
        assertThat(file).isEqualTo(new ObjectMapper().readTree(
                "{\"table\":\"public.t\",\"phase\":\"INCREMENTAL\",\"snapshotKey\":null,\"cursorColumn\":\"updated_at\","
                        + "\"cursorValue\":\"2024-01-01 00:00:00+00\",\"cursorKey\":[\"5\"],\"runId\":\"run\","
                        + "\"updatedAt\":\"2024-01-01T00:00:00Z\",\"keyColumns\":[\"id\"],"
                        + "\"cursorType\":\"timestamp with time zone\",\"runRows\":1234,\"category\":\"small\"}"));
    }

    @Test
    void theRunsRowsAndCategoryRoundTrip() throws IOException {
        TableState state = new TableState("public.t", Phase.SNAPSHOT, List.of("7"), null, null, null, "run-2",
                "2024-01-01T00:00:05Z", List.of("id"), null).withRun(5_000_000_000L, "large");

        store().save(state);

        TableState loaded = store().load("public.t").orElseThrow();
        assertThat(loaded).isEqualTo(state);
        assertThat(loaded.runRows()).isEqualTo(5_000_000_000L);
        assertThat(loaded.category()).isEqualTo("large");
    }

    /** A file as the version before the cycle's rows and category wrote it, byte for byte: read, both null. */
    @Test
    void aFileOfAnEarlierVersionIsRead() throws IOException {
        Files.createDirectories(folder());
        Files.writeString(folder().resolve("public.t.json"),
                "{\"table\":\"public.t\",\"phase\":\"INCREMENTAL\",\"snapshotKey\":null,\"cursorColumn\":\"updated_at\","
                        + "\"cursorValue\":\"2024-01-01 00:00:00+00\",\"cursorKey\":[\"5\"],\"runId\":\"run\","
                        + "\"updatedAt\":\"2024-01-01T00:00:00Z\",\"keyColumns\":[\"id\"],"
                        + "\"cursorType\":\"timestamp with time zone\"}", StandardCharsets.UTF_8);

        TableState loaded = store().load("public.t").orElseThrow();

        assertThat(loaded).isEqualTo(new TableState("public.t", Phase.INCREMENTAL, null, "updated_at",
                "2024-01-01 00:00:00+00", List.of("5"), "run", "2024-01-01T00:00:00Z", List.of("id"),
                "timestamp with time zone"));
        assertThat(loaded.runRows()).isNull();
        assertThat(loaded.category()).isNull();
        assertThat(store().tables()).containsExactly("public.t");
    }

    @Test
    void manyTablesEachKeepTheirState() throws IOException {
        FileStateStore store = store();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = "s" + (i % 5) + ".t" + i;
            names.add(name);
            store.save(new TableState(name, Phase.values()[i % 3], List.of(Integer.toString(i)), null, null, null, "r", "u"));
        }

        assertThat(store.tables()).containsExactlyInAnyOrderElementsOf(names);
        for (int i = 0; i < 50; i++) {
            assertThat(store.load(names.get(i)).orElseThrow().snapshotKey()).containsExactly(Integer.toString(i));
        }
    }

    @Test
    void aTriggerRoundTripsToTheNanosecondAndSurvivesARestart() throws IOException {
        Instant at = Instant.parse("2026-11-21T10:00:00.123456789Z");

        store().saveTriggered("connector_abc", at);

        assertThat(store().lastTriggered("connector_abc")).contains(at);
        // a new store on the same directory (a restarted Tidemark) reads the same
        assertThat(new FileStateStore(stateDirectory).lastTriggered("connector_abc")).contains(at);
    }

    @Test
    void aConnectionNeverTriggeredHasNoLastTrigger() throws IOException {
        assertThat(store().lastTriggered("connector_abc")).isEmpty();
        store().saveTriggered("connector_other", Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(store().lastTriggered("connector_abc")).isEmpty();
    }

    @Test
    void aLaterTriggerReplacesTheEarlierOne() throws IOException {
        FileStateStore store = store();
        store.saveTriggered("connector_abc", Instant.parse("2026-11-21T10:00:00Z"));
        store.saveTriggered("connector_def", Instant.parse("2026-11-21T10:30:00Z"));

        store.saveTriggered("connector_abc", Instant.parse("2026-11-21T11:00:00Z"));

        assertThat(store.lastTriggered("connector_abc")).contains(Instant.parse("2026-11-21T11:00:00Z"));
        assertThat(store.lastTriggered("connector_def")).contains(Instant.parse("2026-11-21T10:30:00Z"));
        assertThat(files()).containsExactlyInAnyOrder("fivetran/connector_abc.json", "fivetran/connector_def.json");
    }

    @Test
    void triggersAreNeverMistakenForCheckpoints() throws IOException {
        FileStateStore store = store();
        store.saveTriggered("connector_abc", Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(store.tables()).isEmpty();

        store.save(snapshot("public.t"));
        // a connection named like a table: its own file, in its own folder
        store.saveTriggered("public.t", Instant.parse("2026-11-21T10:00:00Z"));

        assertThat(store.tables()).containsExactly("public.t");
        assertThat(store.load("public.t")).contains(snapshot("public.t"));
        assertThat(store.delete("public.t")).isTrue();
        assertThat(store.lastTriggered("public.t")).contains(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(files()).containsExactlyInAnyOrder("fivetran/connector_abc.json", "fivetran/public.t.json");
    }

    @Test
    void theTriggerFileIsPlainJson() throws IOException {
        store().saveTriggered("connector_abc", Instant.parse("2026-11-21T10:00:00Z"));

        JsonNode file = new ObjectMapper().readTree(stateDirectory.resolve("fivetran/connector_abc.json").toFile());
        assertThat(file).isEqualTo(new ObjectMapper().readTree(
                "{\"connection_id\":\"connector_abc\",\"triggered_at\":\"2026-11-21T10:00:00Z\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/b", ".hidden", "..", "a\\b"})
    void oddConnectionIdsStayInsideTheirFolder(String connectionId) throws IOException {
        store().saveTriggered(connectionId, Instant.parse("2026-11-21T10:00:00Z"));

        assertThat(store().lastTriggered(connectionId)).contains(Instant.parse("2026-11-21T10:00:00Z"));
        List<String> files = files();
        assertThat(files).hasSize(1);
        assertThat(stateDirectory.resolve(files.get(0)).getParent()).isEqualTo(stateDirectory.resolve("fivetran"));
        assertThat(files.get(0)).doesNotContain("\\").doesNotContain("fivetran/.");
    }

    @Test
    void anUnreadableTriggerFileIsAnErrorNamingTheConnection() throws IOException {
        Files.createDirectories(stateDirectory.resolve("fivetran"));
        Files.writeString(stateDirectory.resolve("fivetran/connector_abc.json"),
                "{\"connection_id\":\"connector_abc\",\"triggered_at\":\"yesterday\"}");

        assertThatThrownBy(() -> store().lastTriggered("connector_abc"))
                .isInstanceOf(IOException.class).hasMessageContaining("connector_abc");
    }
}
