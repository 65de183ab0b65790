package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-category sub-routes bound how many tables of a category are extracted at once. A probe woven into
 * the real {@code extract-table} route counts the tables in flight per category while each one is held briefly.
 */
class CategoryConcurrencyTest {
    private static TestDatabase database;

    @BeforeAll
    static void createTables() {
        database = TestDatabase.create();
        StringBuilder sql = new StringBuilder();
        // with bounds small < 10 <= medium < 100 <= large: 10 small, 5 medium, 3 large tables
        for (int i = 0; i < 18; i++) {
            int rows = i < 10 ? 1 + i % 5 : i < 15 ? 20 + i : 150 + i;
            sql.append("CREATE TABLE public.t").append(i).append(" (id integer PRIMARY KEY);")
               .append("INSERT INTO public.t").append(i).append(" SELECT generate_series(1, ").append(rows).append(");");
        }
        sql.append("ANALYZE;");
        database.execute(sql.toString());
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void eachCategoryRunsAtMostItsThreadCount(@TempDir Path work) throws Exception {
        Probe probe = runWithProbe(properties(work), 4);

        assertThat(probe.maxInFlight(SizeCategory.SMALL)).isEqualTo(4);
        assertThat(probe.maxInFlight(SizeCategory.MEDIUM)).isEqualTo(2);
        assertThat(probe.maxInFlight(SizeCategory.LARGE)).isEqualTo(1);
        assertThat(probe.started()).hasSize(18);
        // each category takes its tables smallest first: the first wave of four small tables is the four smallest
        List<String> small = probe.started().stream().filter(t -> t.category() == SizeCategory.SMALL)
                .map(SourceTable::name).toList();
        assertThat(small.subList(0, 4)).containsExactlyInAnyOrder("t0", "t5", "t1", "t6");
        assertThat(small.subList(4, 8)).containsExactlyInAnyOrder("t2", "t7", "t3", "t8");
    }

    @Test
    void threadsOverrideBoundsEveryCategory(@TempDir Path work) throws Exception {
        Properties properties = properties(work);
        properties.setProperty("tidemark.sync.threads", "1");

        Probe probe = runWithProbe(properties, 1);

        for (SizeCategory category : SizeCategory.values()) {
            assertThat(probe.maxInFlight(category)).as(category.label()).isEqualTo(1);
        }
        // one table at a time per category, small ones first within the small category's queue
        List<SourceTable> small = probe.started().stream().filter(t -> t.category() == SizeCategory.SMALL).toList();
        assertThat(small).isSortedAccordingTo((a, b) -> Long.compare(a.estimatedRows(), b.estimatedRows()));
    }

    private static Properties properties(Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.small-table-rows", "10");
        properties.setProperty("tidemark.sync.large-table-rows", "100");
        return properties;
    }

    private static Probe runWithProbe(Properties properties, int smallAtOnce) throws Exception {
        Probe probe = new Probe(smallAtOnce);
        try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
            AdviceWith.adviceWith(runtime.camelContext(), "extract-table",
                    route -> route.weaveAddFirst().process(exchange -> probe.hold(exchange.getMessage().getBody(SourceTable.class))));
            CycleReport report = runtime.runSyncCycle();
            assertThat(report.succeeded()).isTrue();
            assertThat(report.tables()).hasSize(18);
        }
        return probe;
    }

    /** Counts tables in flight per category; holds each table long enough for the others to pile up. */
    private static final class Probe {
        private final Map<SizeCategory, AtomicInteger> inFlight = new EnumMap<>(SizeCategory.class);
        private final Map<SizeCategory, AtomicInteger> max = new EnumMap<>(SizeCategory.class);
        private final List<SourceTable> started = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch firstSmallWave;

        /** @param smallAtOnce the small tables read at once: the first wave's size */
        Probe(int smallAtOnce) {
            firstSmallWave = new CountDownLatch(smallAtOnce);
            for (SizeCategory category : SizeCategory.values()) {
                inFlight.put(category, new AtomicInteger());
                max.put(category, new AtomicInteger());
            }
        }

        void hold(SourceTable table) throws InterruptedException {
            started.add(table);
            int now = inFlight.get(table.category()).incrementAndGet();
            max.get(table.category()).accumulateAndGet(now, Math::max);
            if (table.category() == SizeCategory.SMALL && firstSmallWave.getCount() > 0) {
                // the first small tables to start wait for each other (the category's concurrency), so a thread that
                // is slow to reach this step cannot let a later table overtake it on a busy machine
                firstSmallWave.countDown();
                firstSmallWave.await(10, TimeUnit.SECONDS);
            }
            Thread.sleep(150);
            inFlight.get(table.category()).decrementAndGet();
        }

        int maxInFlight(SizeCategory category) {
            return max.get(category).get();
        }

        List<SourceTable> started() {
            return List.copyOf(started);
        }
    }
}
