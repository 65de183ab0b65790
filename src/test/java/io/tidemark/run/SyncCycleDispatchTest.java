package io.tidemark.run;

import static org.apache.camel.builder.Builder.simple;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.discovery.SourceTable;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sync-cycle} route's hand-over, seen with Camel's test kit on the real routes: the split's send to
 * {@code seda:extract-<category>} is woven with a mock, and each category's consumer route ({@code extract-small},
 * {@code -medium}, {@code -large}) gets a mock as its first step. Every table goes to the queue of its own size
 * category, small first and smaller first within a category, and is extracted exactly once.
 */
class SyncCycleDispatchTest {
    /** With bounds small &lt; 10 &lt;= medium &lt; 100 &lt;= large; the names' alphabetical order is not their size order. */
    private static final List<String> SMALL = List.of("public.s_b", "public.s_a", "public.s_c");
    private static final List<String> MEDIUM = List.of("public.m_b", "public.m_a");
    private static final List<String> LARGE = List.of("public.l_b", "public.l_a");

    private static TestDatabase database;

    @BeforeAll
    static void createTables() {
        database = TestDatabase.create();
        database.execute(table("s_a", 3) + table("s_b", 1) + table("s_c", 6) + table("m_a", 50) + table("m_b", 20)
                + table("l_a", 300) + table("l_b", 150) + "ANALYZE;");
    }

    private static String table(String name, int rows) {
        return "CREATE TABLE public." + name + " (id integer PRIMARY KEY, note text);"
                + "INSERT INTO public." + name + " SELECT g, 'row ' || g FROM generate_series(1, " + rows + ") g;";
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void everyTableGoesToItsCategoryQueueSmallFirstSmallerFirstAndIsExtractedOnce(@TempDir Path work) throws Exception {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.small-table-rows", "10");
        properties.setProperty("tidemark.sync.large-table-rows", "100");
        // one consumer per category: each queue is taken in the order it was filled
        properties.setProperty("tidemark.sync.threads", "1");
        List<String> all = concat(SMALL, MEDIUM, LARGE);

        try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
            CamelContext camel = runtime.camelContext();
            AdviceWith.adviceWith(camel, "sync-cycle",
                    route -> route.weaveByToUri("seda:extract-*").before().to("mock:handover"));
            for (String category : List.of("small", "medium", "large")) {
                AdviceWith.adviceWith(camel, "extract-" + category,
                        route -> route.weaveAddFirst().to("mock:queue-" + category));
            }
            AdviceWith.adviceWith(camel, "extract-table", route -> route.weaveAddLast().to("mock:extracted"));

            MockEndpoint handover = MockEndpoint.resolve(camel, "mock:handover");
            handover.expectedMessageCount(all.size());
            MockEndpoint small = queue(camel, "small", SMALL.size());
            MockEndpoint medium = queue(camel, "medium", MEDIUM.size());
            MockEndpoint large = queue(camel, "large", LARGE.size());
            MockEndpoint extracted = MockEndpoint.resolve(camel, "mock:extracted");
            extracted.expectedMessageCount(all.size());
            extracted.expectsNoDuplicates(simple("${body.table.qualifiedName}"));
            extracted.allMessages().predicate(simple("${body.status} == 'SUCCESS'"));
            NotifyBuilder categoryExchanges = new NotifyBuilder(camel).fromRoute("extract-*")
                    .whenExactlyCompleted(all.size()).and().whenExactlyFailed(0).create();

            CycleReport report = runtime.runSyncCycle();

            MockEndpoint.assertIsSatisfied(camel, 10, TimeUnit.SECONDS);
            assertThat(categoryExchanges.matches(10, TimeUnit.SECONDS)).as("one completed exchange per table").isTrue();
            assertThat(names(handover)).as("hand-over order").containsExactlyElementsOf(all);
            assertThat(names(small)).containsExactlyElementsOf(SMALL);
            assertThat(names(medium)).containsExactlyElementsOf(MEDIUM);
            assertThat(names(large)).containsExactlyElementsOf(LARGE);
            assertThat(report.succeeded()).isTrue();
            assertThat(report.tables()).extracting(r -> r.table().qualifiedName()).containsExactlyInAnyOrderElementsOf(all);
            assertThat(report.tables()).extracting(TableRun::rows).containsExactlyInAnyOrder(3L, 1L, 6L, 50L, 20L, 300L, 150L);
        }
    }

    /** A category's queue mock: its tables only, each with the category's label, smaller first. */
    private static MockEndpoint queue(CamelContext camel, String category, int tables) {
        MockEndpoint mock = MockEndpoint.resolve(camel, "mock:queue-" + category);
        mock.expectedMessageCount(tables);
        mock.allMessages().predicate(simple("${body.category.label} == '" + category + "'"));
        mock.expectsAscending(simple("${body.estimatedRows}", Long.class));
        return mock;
    }

    private static List<String> names(MockEndpoint mock) {
        return mock.getReceivedExchanges().stream().map(e -> e.getMessage().getBody(SourceTable.class).qualifiedName()).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
