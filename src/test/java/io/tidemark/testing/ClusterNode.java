package io.tidemark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.TidemarkMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Tidemark node of a cluster, as a process of its own (two clustered Quartz schedulers cannot share a JVM: Quartz
 * keeps schedulers by name): the source, the control database (also its jdbc checkpoint store), its own output folder,
 * its node name, and any other settings as environment variables.
 */
public final class ClusterNode implements AutoCloseable {
    private final String name;
    private final Path folder;
    private final Process process;

    private ClusterNode(String name, Path folder, Process process) {
        this.name = name;
        this.folder = folder;
        this.process = process;
    }

    /** Starts node {@code name} with its output under {@code work/name}; {@code settings} are extra environment variables. */
    public static ClusterNode start(String name, Path work, TestDatabase source, TestDatabase control,
                                    Map<String, String> settings) throws IOException {
        Path folder = work.resolve(name);
        Files.createDirectories(folder);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), TidemarkMain.class.getName());
        builder.directory(Tidemark.REPO_ROOT.toFile());
        Map<String, String> env = builder.environment();
        env.put("TIDEMARK_SOURCE_JDBC_URL", source.url());
        env.put("TIDEMARK_SOURCE_USERNAME", source.username());
        env.put("TIDEMARK_SOURCE_PASSWORD", source.password());
        env.put("TIDEMARK_SINK_DIRECTORY", folder.resolve("out").toString());
        env.put("TIDEMARK_STATE_DIRECTORY", folder.resolve("state").toString());
        env.put("TIDEMARK_STATE_TYPE", "jdbc");
        env.put("TIDEMARK_STATE_JDBC_URL", control.url());
        env.put("TIDEMARK_STATE_USERNAME", control.username());
        env.put("TIDEMARK_STATE_PASSWORD", control.password());
        env.put("TIDEMARK_CLUSTER_ENABLED", "true");
        env.put("TIDEMARK_CLUSTER_JDBC_URL", control.url());
        env.put("TIDEMARK_CLUSTER_USERNAME", control.username());
        env.put("TIDEMARK_CLUSTER_PASSWORD", control.password());
        env.put("TIDEMARK_CLUSTER_NODE_NAME", name);
        env.put("TIDEMARK_FRESHNESS_ENABLED", "false");
        env.put("CAMEL_MANAGEMENT_PORT", Integer.toString(Tidemark.freePort()));
        env.putAll(settings);
        builder.redirectErrorStream(true);
        builder.redirectOutput(folder.resolve("log.txt").toFile());
        return new ClusterNode(name, folder, builder.start());
    }

    public String name() {
        return name;
    }

    /** The node's {@code _tidemark.sync_runs} records so far. */
    public List<JsonNode> syncRuns() {
        Path runs = folder.resolve("out/_tidemark.sync_runs");
        return Files.isDirectory(runs) ? JsonlDataset.read(runs).records() : List.of();
    }

    /** The node's output folder of {@code dataset} ({@code schema.table}). */
    public Path dataset(String dataset) {
        return folder.resolve("out").resolve(dataset);
    }

    public String log() throws IOException {
        return Files.readString(folder.resolve("log.txt"));
    }

    /** kill -9: no shutdown hook runs, its claims are given back by nobody. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a node: Tidemark shuts down gracefully (not waited for here). */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; true when it did within {@code seconds}. */
    public boolean awaitExit(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** {@code kill -STOP}: the node freezes as in a long GC pause or a cut network, its connections left open. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** {@code kill -CONT}: the paused node goes on where it was. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** The rows of {@code sql} on {@code database}, each a map of column label to value. */
    public static List<Map<String, Object>> query(TestDatabase database, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
