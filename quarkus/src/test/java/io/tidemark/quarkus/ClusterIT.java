package io.tidemark.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cluster of two runtimes on one control database: a Quarkus node and a Camel Main node share the sync schedule
 * and the tables of each cycle, through the same assembly and routes; every table is synced once per cycle.
 */
class ClusterIT {
    private static final int TABLES = 8;

    @Test
    void aQuarkusNodeAndACamelMainNodeShareTheTables() throws Exception {
        Path work = Runs.WORK.resolve("cluster");
        Runs.deleteRecursively(work);
        Files.createDirectories(work);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            execute(postgres, "postgres", "CREATE DATABASE control");
            StringBuilder tables = new StringBuilder();
            for (int t = 1; t <= TABLES; t++) {
                tables.append(String.format("CREATE TABLE public.t%d (id int PRIMARY KEY, payload text);"
                        + " INSERT INTO public.t%d SELECT i, md5(i::text) FROM generate_series(1, 20000) i;", t, t));
            }
            execute(postgres, "postgres", tables.toString());
            String control = postgres.getJdbcUrl("postgres", "control");
            Process quarkus = Runs.startQuarkus(node(postgres, control, work, "quarkus-node", "QUARKUS_HTTP_PORT"),
                    work.resolve("quarkus-out.txt"), work.resolve("quarkus-err.txt"));
            Process main = Runs.startCamelMain(node(postgres, control, work, "main-node", "CAMEL_MANAGEMENT_PORT"),
                    work.resolve("main-out.txt"), work.resolve("main-err.txt"));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                while (System.nanoTime() < deadline && nodesThatRan(postgres).size() < 2) {
                    assertThat(quarkus.isAlive()).as(() -> "Quarkus node exited: " + read(work.resolve("quarkus-err.txt"))).isTrue();
                    assertThat(main.isAlive()).as(() -> "Camel Main node exited: " + read(work.resolve("main-err.txt"))).isTrue();
                    Thread.sleep(500);
                }
                assertThat(nodesThatRan(postgres)).as(() -> "nodes that ran tables; Quarkus node's log:\n"
                        + read(work.resolve("quarkus-err.txt"))).containsExactly("main-node", "quarkus-node");
            } finally {
                for (Process node : List.of(quarkus, main)) {
                    node.destroy();
                    node.waitFor(60, TimeUnit.SECONDS);
                }
            }
            // every finished cycle: each table once, successfully, over both nodes
            List<List<Object>> finished = rows(postgres, "SELECT run_id, count(*), count(DISTINCT table_name),"
                    + " bool_and(outcome = 'success') FROM tidemark_claims GROUP BY run_id HAVING bool_and(status = 'done')");
            assertThat(finished).as("finished cycles").isNotEmpty();
            for (List<Object> cycle : finished) {
                assertThat(cycle.subList(1, 4)).as("cycle %s", cycle.get(0)).containsExactly(8L, 8L, true);
            }
        }
    }

    private static Map<String, String> node(EmbeddedPostgres postgres, String control, Path work, String name, String portVariable)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TIDEMARK_SOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"));
        env.put("TIDEMARK_SOURCE_USERNAME", "postgres");
        env.put("TIDEMARK_SOURCE_PASSWORD", "postgres");
        env.put("TIDEMARK_SINK_DIRECTORY", work.resolve(name).resolve("out").toString());
        env.put("TIDEMARK_STATE_DIRECTORY", work.resolve(name).resolve("state").toString());
        env.put("TIDEMARK_STATE_TYPE", "jdbc");
        env.put("TIDEMARK_STATE_JDBC_URL", control);
        env.put("TIDEMARK_STATE_USERNAME", "postgres");
        env.put("TIDEMARK_CLUSTER_ENABLED", "true");
        env.put("TIDEMARK_CLUSTER_JDBC_URL", control);
        env.put("TIDEMARK_CLUSTER_USERNAME", "postgres");
        env.put("TIDEMARK_CLUSTER_NODE_NAME", name);
        env.put("TIDEMARK_CLUSTER_HEARTBEAT_INTERVAL", "PT0.5S");
        env.put("TIDEMARK_CLUSTER_CLAIM_TIMEOUT", "PT3S");
        env.put("TIDEMARK_SYNC_THREADS", "1");
        env.put("TIDEMARK_SYNC_CRON", "0/3 * * * * ?");
        env.put("TIDEMARK_FRESHNESS_ENABLED", "false");
        try (ServerSocket socket = new ServerSocket(0)) {
            env.put(portVariable, Integer.toString(socket.getLocalPort()));
        }
        return env;
    }

    private static Set<String> nodesThatRan(EmbeddedPostgres postgres) throws SQLException {
        Set<String> nodes = new TreeSet<>();
        try {
            // nodes that ran tables of whole cycles (every row done)
            for (List<Object> row : rows(postgres, "SELECT DISTINCT node FROM tidemark_claims WHERE run_id IN"
                    + " (SELECT run_id FROM tidemark_claims GROUP BY run_id HAVING bool_and(status = 'done'))")) {
                nodes.add((String) row.get(0));
            }
        } catch (SQLException notYet) {
            // the claim table is created by the first node to start
        }
        return nodes;
    }

    private static void execute(EmbeddedPostgres postgres, String database, String sql) throws SQLException {
        try (Connection connection = postgres.getDatabase("postgres", database).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<List<Object>> rows(EmbeddedPostgres postgres, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = postgres.getDatabase("postgres", "control").getConnection();
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String read(Path file) {
        try {
            return Runs.read(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
