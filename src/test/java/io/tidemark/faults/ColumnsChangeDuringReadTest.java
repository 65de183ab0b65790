package io.tidemark.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.rows.RowBatch;
import io.tidemark.run.TableRun;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A column added or dropped between two pages of a table, with and without a primary key: the table does not fail.
 * It is read on from its checkpoint with its columns as they are now: every row arrives once, and the batches read
 * after the change (all but the one already read ahead) carry the new column, or no longer the dropped one.
 */
class ColumnsChangeDuringReadTest {
    private static final int ROWS = 5_000;
    private static final int BATCH = 500;
    /** After this batch is written, the column changes; one batch more may have been read ahead with the old columns. */
    private static final int CHANGE_AFTER = 3;

    @TempDir
    Path work;

    @ParameterizedTest(name = "primary key: {0}")
    @ValueSource(booleans = {true, false})
    void anAddedColumnAppearsFromTheNextPageOn(boolean keyed) throws Exception {
        TableRun run = syncChangingAfterBatch(keyed, "ALTER TABLE public.t ADD COLUMN extra text DEFAULT 'new'");

        assertThat(run.status()).isEqualTo(TableRun.Status.SUCCESS);
        List<List<JsonNode>> batches = batches();
        assertEveryRowOnce(batches);
        assertThat(batches.subList(0, CHANGE_AFTER)).flatMap(batch -> batch).allSatisfy(r -> assertThat(r.has("extra")).isFalse());
        assertThat(batches.subList(CHANGE_AFTER + 1, batches.size())).as("the batches read after the change")
                .flatMap(batch -> batch).isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("extra").asText()).isEqualTo("new"));
    }

    @ParameterizedTest(name = "primary key: {0}")
    @ValueSource(booleans = {true, false})
    void aDroppedColumnIsLeftOutFromTheNextPageOn(boolean keyed) throws Exception {
        TableRun run = syncChangingAfterBatch(keyed, "ALTER TABLE public.t DROP COLUMN v");

        assertThat(run.status()).isEqualTo(TableRun.Status.SUCCESS);
        List<List<JsonNode>> batches = batches();
        assertEveryRowOnce(batches);
        assertThat(batches.subList(0, CHANGE_AFTER)).flatMap(batch -> batch).allSatisfy(r -> assertThat(r.has("v")).isTrue());
        assertThat(batches.subList(CHANGE_AFTER + 1, batches.size())).as("the batches read after the change")
                .flatMap(batch -> batch).isNotEmpty()
                .allSatisfy(r -> assertThat(r.has("v")).isFalse());
    }

    /** Syncs a new table {@code public.t}, with or without a key, running {@code ddl} after its third batch. */
    private TableRun syncChangingAfterBatch(boolean keyed, String ddl) throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            // without a key, 25 rows a page: ranges of 20 pages hold a batch
            database.execute("CREATE TABLE public.t (n integer" + (keyed ? " PRIMARY KEY" : "") + ", v text)"
                    + (keyed ? "" : " WITH (fillfactor = 10)")
                    + "; INSERT INTO public.t SELECT g, repeat('v', 200) FROM generate_series(1, " + ROWS + ") g; ANALYZE public.t");
            Properties properties = Tidemark.against(database, work);
            properties.setProperty("tidemark.sync.batch-size", Integer.toString(BATCH));
            properties.setProperty("tidemark.freshness.enabled", "false");
            AtomicInteger written = new AtomicInteger();
            try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
                AdviceWith.adviceWith(runtime.camelContext(), "extract-table", route -> route.weaveById("write-batch")
                        .after().process(exchange -> {
                            RowBatch batch = exchange.getMessage().getBody(RowBatch.class);
                            if (batch.dataset().equals("public.t") && written.incrementAndGet() == CHANGE_AFTER) {
                                database.execute(ddl);
                            }
                        }));
                return runtime.runSyncCycle().tables().get(0);
            }
        }
    }

    /** The table's batches in order (one file each), each its records. */
    private List<List<JsonNode>> batches() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<List<JsonNode>> batches = new ArrayList<>();
        try (Stream<Path> files = Files.list(work.resolve("out/public.t"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                List<JsonNode> records = new ArrayList<>();
                for (String line : Files.readAllLines(file)) {
                    records.add(json.readTree(line));
                }
                batches.add(records);
            }
        }
        return batches;
    }

    private static void assertEveryRowOnce(List<List<JsonNode>> batches) {
        assertThat(batches.stream().flatMap(List::stream).map(r -> r.get("n").asInt())).hasSize(ROWS).doesNotHaveDuplicates();
    }
}
