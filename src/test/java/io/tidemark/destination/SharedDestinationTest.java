package io.tidemark.destination;

import static io.tidemark.destination.SameRows.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.rows.RowBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several Tidemark nodes writing to one destination (a cluster), each with a jdbc sink of its own: their first
 * batches of the same dataset (their own {@code _tidemark} records, a table met by both) create its table once, at
 * the same moment, without failing.
 */
class SharedDestinationTest extends SourceAndDestination {
    private static final int NODES = 6;

    @Test
    void nodesCreatingTheSameTableAtOnceAllSucceed() throws Exception {
        SourceTable table = new SourceTable(1, "public", "events", false, 2, "reltuples", 0, null,
                List.of(new SourceColumn("id", 1, "integer", "int4", "N", true, null, null),
                        new SourceColumn("v", 2, "text", "text", "S", false, null, null)),
                List.of("id"), SizeCategory.SMALL);
        List<HikariDataSource> pools = new ArrayList<>();
        ExecutorService nodes = Executors.newFixedThreadPool(NODES);
        try {
            CyclicBarrier together = new CyclicBarrier(NODES);
            List<Future<?>> running = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                HikariDataSource pool = new HikariDataSource();
                pool.setJdbcUrl(destination.url());
                pool.setUsername(destination.username());
                pool.setPassword(destination.password());
                pool.setAutoCommit(false);
                pools.add(pool);
                JdbcSink sink = new JdbcSink(pool, "replica");
                int node = n;
                running.add(nodes.submit((Callable<Void>) () -> {
                    together.await();
                    sink.prepare(table);
                    sink.write(new RowBatch("public.events", "run-1", node + 1, List.of("id", "v"),
                            List.<Object[]>of(new Object[] {node, "v" + node}), Instant.now()));
                    sink.write(new RowBatch("_tidemark.sync_runs", "run-1", node + 1, List.of("run_id", "table", "node"),
                            List.<Object[]>of(new Object[] {"run-1", "public.t" + node, "node-" + node}), Instant.now()));
                    return null;
                }));
            }
            for (Future<?> node : running) {
                node.get();
            }
        } finally {
            nodes.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }
        assertThat(count(destination, "SELECT count(*) FROM replica.events")).isEqualTo(NODES);
        assertThat(count(destination, "SELECT count(*) FROM replica._tidemark_sync_runs")).isEqualTo(NODES);
    }
}
