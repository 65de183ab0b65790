package io.tidemark.destination;

import static io.tidemark.destination.SameRows.assertSame;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.testing.Tidemark;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptance check, as a user runs it: {@code TIDEMARK_SINK_TYPE=jdbc} and a destination URL in the
 * environment, then {@code --once} three times (after the first, rows are inserted and updated; the third finds
 * no change): after each run every source table is in the destination with identical rows.
 */
class JdbcSinkAcceptanceTest extends SourceAndDestination {
    private static final List<String> TABLES = List.of("orders", "customers", "audit");

    @BeforeEach
    void createSourceTables() {
        source.execute("""
                CREATE SCHEMA shop;
                CREATE TABLE shop.customers (id integer PRIMARY KEY, name text NOT NULL, email text, tags text[]);
                CREATE TABLE shop.orders (id bigint PRIMARY KEY, customer_id integer REFERENCES shop.customers,
                    total numeric(12,2), status varchar(20), placed_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now() - interval '1 hour', details jsonb);
                CREATE TABLE shop.audit (at timestamp, what text);
                INSERT INTO shop.customers SELECT g, 'customer ' || g, CASE WHEN g % 4 = 0 THEN NULL ELSE 'c' || g || '@x.org' END,
                    ARRAY['t' || (g % 3)] FROM generate_series(1, 300) g;
                INSERT INTO shop.orders (id, customer_id, total, status, placed_at, details)
                    SELECT g, 1 + g % 300, g * 3.33, 'new', timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour',
                           jsonb_build_object('lines', g % 7) FROM generate_series(1, 12000) g;
                INSERT INTO shop.audit SELECT timestamp '2024-01-01' + g * interval '1 day', 'event ' || g FROM generate_series(1, 50) g;
                """);
    }

    @Test
    void everyRunLeavesTheDestinationEqualToTheSource() throws Exception {
        Map<String, String> env = Map.of("TIDEMARK_SINK_TYPE", "jdbc", "TIDEMARK_SINK_JDBC_URL", destination.url(),
                "TIDEMARK_SINK_USERNAME", destination.username(), "TIDEMARK_SINK_PASSWORD", destination.password(),
                "TIDEMARK_SYNC_CURSOR_LAG", "PT0S");

        once(env);
        assertEveryTableSame();

        source.execute("""
                INSERT INTO shop.customers VALUES (301, 'newcomer', NULL, '{}');
                INSERT INTO shop.orders (id, customer_id, total, status, placed_at, updated_at) VALUES (12001, 301, 0.01, 'new', now(), now());
                UPDATE shop.orders SET status = 'shipped', total = total + 0.01, updated_at = now() WHERE id % 1000 = 0;
                UPDATE shop.customers SET email = NULL WHERE id = 1;
                INSERT INTO shop.audit VALUES (NULL, 'late');
                """);
        once(env);
        assertEveryTableSame();

        String third = once(env);
        assertEveryTableSame();
        assertThat(third).as("the orders table has a cursor: nothing changed, nothing read")
                .containsPattern("shop\\.orders\\s+\\w+\\s+0\\s");
    }

    private String once(Map<String, String> env) {
        Tidemark.Result result = Tidemark.main(Tidemark.against(source, work), env, "--once");
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        return result.stdout();
    }

    private void assertEveryTableSame() throws Exception {
        for (String table : TABLES) {
            assertSame(source, "shop", table, destination, "public");
        }
    }
}
