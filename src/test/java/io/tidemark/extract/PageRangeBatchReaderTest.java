package io.tidemark.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.TableSelector;
import io.tidemark.discovery.SourceTable;
import io.tidemark.discovery.TableDiscovery;
import io.tidemark.testing.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keyless tables read by ranges of pages on a real server: every row once (duplicates included), batches of
 * about the size asked for, resumable from a position, empty pages skipped, a rewritten table read again from its
 * first page, and the table filter kept.
 */
class PageRangeBatchReaderTest {
    private TestDatabase db;
    private HikariDataSource pool;

    @BeforeEach
    void createDatabase() {
        db = TestDatabase.create();
        pool = db.readPool();
        // about 40 rows a page: fillfactor 10 leaves room for few
        db.execute("CREATE TABLE public.log (n integer, v text) WITH (fillfactor = 10);"
                + "INSERT INTO public.log SELECT g % 1000, repeat('v', 100) FROM generate_series(1, 4000) g; ANALYZE public.log");
    }

    @AfterEach
    void dropDatabase() {
        pool.close();
        db.close();
    }

    @Test
    void readsEveryRowOnceInBatchesOfAboutTheSizeAskedFor() throws Exception {
        PageRangeBatchReader reader = reader(RowFilter.NONE, KeysetPosition.START);
        List<Integer> sizes = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        while (reader.hasMore()) {
            List<Object[]> rows = reader.next(400);
            sizes.add(rows.size());
            rows.forEach(row -> values.add(((Long) row[0]).intValue()));
        }
        assertThat(values).hasSize(4000);
        assertThat(values.stream().distinct().count()).isEqualTo(1000); // each value 4 times, duplicates kept
        assertThat(sizes.subList(0, sizes.size() - 1)).allSatisfy(size -> assertThat(size).isBetween(300, 520));
    }

    @Test
    void resumesAtThePositionOfTheBatchesReadSoFar() throws Exception {
        PageRangeBatchReader first = reader(RowFilter.NONE, KeysetPosition.START);
        int read = first.next(1000).size() + first.next(1000).size();
        KeysetPosition position = first.position();
        assertThat(position.values()).hasSize(2);

        int rest = readAll(reader(RowFilter.NONE, position), 1000).size();

        assertThat(read + rest).isEqualTo(4000);
    }

    @Test
    void rangesOfEmptyPagesAreSkippedInFewReads() throws Exception {
        db.execute("DELETE FROM public.log WHERE ctid < '(90,0)'"); // no VACUUM: the pages stay, holding dead rows
        long left = count("SELECT count(*) FROM public.log");
        PageRangeBatchReader reader = reader(RowFilter.NONE, KeysetPosition.START);

        List<Object[]> firstBatch = reader.next(100);

        assertThat(firstBatch).as("the first rows, after 90 empty pages, in one call").isNotEmpty();
        assertThat(firstBatch.size() + readAll(reader, 100).size()).isEqualTo(left);
    }

    @Test
    void aTableRewrittenSinceThePositionIsReadAgainFromItsFirstPage() throws Exception {
        PageRangeBatchReader first = reader(RowFilter.NONE, KeysetPosition.START);
        first.next(1000);
        KeysetPosition position = first.position();
        db.execute("DELETE FROM public.log WHERE n < 500");
        db.execute("VACUUM FULL public.log");

        List<Object[]> all = readAll(reader(RowFilter.NONE, position), 1000);

        assertThat(all).as("every row the rewritten table holds, not only those after the old page").hasSize(2000);
    }

    @Test
    void theTableFilterHolds() throws Exception {
        RowFilter lowValues = RowFilter.NONE.and("n < CAST(? AS integer)", List.of("10"));
        assertThat(readAll(reader(lowValues, KeysetPosition.START), 100)).hasSize(40)
                .allSatisfy(row -> assertThat((Long) row[0]).isLessThan(10));
    }

    @Test
    void anEmptyTableEndsAtTheFirstRead() throws Exception {
        db.execute("TRUNCATE public.log");
        PageRangeBatchReader reader = reader(RowFilter.NONE, KeysetPosition.START);
        assertThat(reader.next(100)).isEmpty();
        assertThat(reader.hasMore()).isFalse();
    }

    @Test
    void rangesCoverAboutOneBatchAtTheDensitySeen() {
        assertThat(PageRangeBatchReader.pagesFor(1000, 0)).as("density unknown: one page").isEqualTo(1);
        assertThat(PageRangeBatchReader.pagesFor(1000, 40)).isEqualTo(25);
        assertThat(PageRangeBatchReader.pagesFor(1000, 3000)).as("never less than a page").isEqualTo(1);
        assertThat(PageRangeBatchReader.pagesFor(1000, 0.0001)).as("capped").isEqualTo(131_072);
    }

    private PageRangeBatchReader reader(RowFilter filter, KeysetPosition start) throws SQLException {
        SourceTable log = new TableDiscovery(pool, TableSelector.all(), 1_000_000, 50_000_000).discover().stream()
                .filter(table -> table.name().equals("log")).findFirst().orElseThrow();
        return new PageRangeBatchReader(pool, log, filter, start);
    }

    private static List<Object[]> readAll(BatchReader reader, int batchSize) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        while (reader.hasMore()) {
            rows.addAll(reader.next(batchSize));
        }
        return rows;
    }

    private long count(String sql) throws SQLException {
        try (var connection = db.connect(); var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
