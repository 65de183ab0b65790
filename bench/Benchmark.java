import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * Tidemark against PostgreSQL's own COPY ... TO STDOUT, on the same table in the same run.
 *
 * <pre>
 *   mvn -B -DskipTests package
 *   java -cp target/tidemark.jar bench/Benchmark.java [rows] [heap]      # default 1000000 rows, -Xmx256m
 *   java -cp target/tidemark.jar bench/Benchmark.java empty [tables]     # cycle over empty tables, default 200
 *   java -cp target/tidemark.jar bench/Benchmark.java unchanged [rows]   # incremental cycle with no change, default 1M
 *   java -cp target/tidemark.jar bench/Benchmark.java jdbc [rows]        # jdbc sink into a second database, default 2M
 * </pre>
 *
 * Uses an embedded PostgreSQL, or the server in BENCH_JDBC_URL (with BENCH_USERNAME, BENCH_PASSWORD).
 * COPY's output is only counted (nothing is written); Tidemark writes real JSONL files, fsynced per batch,
 * into a temporary folder. Tidemark is run as `java -jar target/tidemark.jar --once` in a child process,
 * so its time includes JVM start; the table's own extraction time is reported separately. Peak RSS is the
 * child's VmHWM from /proc.
 */
public class Benchmark {
    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 && !Character.isDigit(args[0].charAt(0)) ? args[0] : "copy";
        int first = scenario.equals("copy") ? 0 : 1;
        long rows = args.length > first ? Long.parseLong(args[first])
                : scenario.equals("empty") ? 200 : scenario.equals("jdbc") ? 2_000_000L : 1_000_000L;
        String heap = scenario.equals("copy") && args.length > 1 ? args[1] : "256m";
        String url = System.getenv("BENCH_JDBC_URL");
        String user = System.getenv().getOrDefault("BENCH_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("BENCH_PASSWORD", "");
        EmbeddedPostgres embedded = null;
        if (url == null || url.isBlank()) {
            embedded = EmbeddedPostgres.builder().start();
            url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres";
        }
        try {
            switch (scenario) {
                case "empty" -> emptyTables(url, user, password, (int) rows);
                case "unchanged" -> unchanged(url, user, password, rows);
                case "jdbc" -> jdbcSink(url, user, password, rows, heap);
                default -> run(url, user, password, rows, heap);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void run(String url, String user, String password, long rows, String heap) throws Exception {
        createWideTable(url, user, password, rows);
        List<String[]> results = new ArrayList<>();
        results.add(copy(url, user, password, "COPY (SELECT * FROM bench.wide) TO STDOUT (FORMAT csv)", "COPY csv", rows));
        results.add(copy(url, user, password, "COPY (SELECT row_to_json(w) FROM bench.wide w) TO STDOUT", "COPY row_to_json", rows));
        results.addAll(tidemark(url, user, password, rows, heap));
        print(results);
    }

    /**
     * The jdbc sink: a full sync of bench.wide into a second database of the same server (tables upserted batch by
     * batch, each batch one transaction, a checkpoint after each), against COPY csv out of the source and against
     * the bare pipe of COPY out of the source into COPY in of the destination, in the same run.
     */
    private static void jdbcSink(String url, String user, String password, long rows, String heap) throws Exception {
        createWideTable(url, user, password, rows);
        try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS bench_destination");
            statement.execute("CREATE DATABASE bench_destination");
        }
        String destination = url.replaceFirst("/[^/?]*(\\?|$)", "/bench_destination$1");
        List<String[]> results = new ArrayList<>();
        results.add(copy(url, user, password, "COPY (SELECT * FROM bench.wide) TO STDOUT (FORMAT csv)", "COPY csv", rows));
        results.add(copyPipe(url, destination, user, password, rows));
        Path state = Files.createTempDirectory("tidemark-bench-state");
        results.addAll(tidemark(url, user, password, rows, heap, java.util.Map.of("TIDEMARK_SINK_TYPE", "jdbc",
                "TIDEMARK_SINK_JDBC_URL", destination, "TIDEMARK_SINK_USERNAME", user, "TIDEMARK_SINK_PASSWORD", password,
                "TIDEMARK_STATE_DIRECTORY", state.toString())));
        try (Connection connection = DriverManager.getConnection(destination, user, password); Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT count(*) FROM public.wide")) {
            rs.next();
            System.err.printf("destination public.wide: %,d rows%n", rs.getLong(1));
        }
        print(results);
    }

    /** COPY out of the source piped straight into COPY in of a staging-free copy of the table in the destination. */
    private static String[] copyPipe(String url, String destination, String user, String password, long rows) throws Exception {
        try (Connection source = DriverManager.getConnection(url, user, password);
             Connection target = DriverManager.getConnection(destination, user, password)) {
            try (Statement statement = target.createStatement()) {
                statement.execute("CREATE TABLE public.wide_copy (id bigint PRIMARY KEY, amount numeric(12,2), name text,"
                        + " created timestamptz, active boolean, attrs jsonb, note text)");
            }
            java.io.PipedInputStream in = new java.io.PipedInputStream(1 << 20);
            java.io.PipedOutputStream out = new java.io.PipedOutputStream(in);
            long started = System.nanoTime();
            Thread producer = new Thread(() -> {
                try (out) {
                    ((PGConnection) source).getCopyAPI().copyOut("COPY bench.wide TO STDOUT", out);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            producer.start();
            ((PGConnection) target).getCopyAPI().copyIn("COPY public.wide_copy FROM STDIN", in);
            producer.join();
            double seconds = (System.nanoTime() - started) / 1e9;
            try (Statement statement = target.createStatement()) {
                statement.execute("DROP TABLE public.wide_copy");
            }
            return new String[] {"COPY out | COPY in", fmt(seconds), String.format(Locale.ROOT, "%,.0f", rows / seconds), "-", "-"};
        }
    }

    private static void print(List<String[]> results) {
        System.out.println();
        System.out.printf("%-22s %10s %12s %10s %12s%n", "method", "seconds", "rows/s", "MB out", "peak RSS MB");
        for (String[] r : results) {
            System.out.printf("%-22s %10s %12s %10s %12s%n", (Object[]) r);
        }
    }

    private static void createWideTable(String url, String user, String password, long rows) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement()) {
            System.err.printf("creating bench.wide with %,d rows...%n", rows);
            statement.execute("DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench;"
                    + "CREATE TABLE bench.wide (id bigint PRIMARY KEY, amount numeric(12,2), name text, created timestamptz,"
                    + " active boolean, attrs jsonb, note text)");
            statement.execute("INSERT INTO bench.wide SELECT g, (g % 100000) / 100.0, 'customer name ' || g,"
                    + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', g % 3 = 0,"
                    + " jsonb_build_object('tier', g % 5, 'tags', jsonb_build_array('a', 'b')),"
                    + " CASE WHEN g % 10 = 0 THEN NULL ELSE md5(g::text) END FROM generate_series(1, " + rows + ") g");
            statement.execute("VACUUM ANALYZE bench.wide");
        }
    }

    /** The cost of a cycle itself: discovery, dispatch, monitoring and records over tables with no rows. */
    private static void emptyTables(String url, String user, String password, int tables) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement()) {
            StringBuilder sql = new StringBuilder("DROP SCHEMA IF EXISTS bench_empty CASCADE; CREATE SCHEMA bench_empty;");
            for (int i = 1; i <= tables; i++) {
                sql.append("CREATE TABLE bench_empty.t").append(i).append(" (id integer PRIMARY KEY, v text);");
            }
            statement.execute(sql.toString());
        }
        Path out = Files.createTempDirectory("tidemark-bench");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", "target/tidemark.jar", "--once");
        builder.environment().put("TIDEMARK_SOURCE_JDBC_URL", url);
        builder.environment().put("TIDEMARK_SOURCE_USERNAME", user);
        builder.environment().put("TIDEMARK_SOURCE_PASSWORD", password);
        builder.environment().put("TIDEMARK_SOURCE_INCLUDE_TABLES", "bench_empty.*");
        builder.environment().put("TIDEMARK_SINK_DIRECTORY", out.toString());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        long started = System.nanoTime();
        Process process = builder.start();
        List<String> stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        int exit = process.waitFor();
        double wall = (System.nanoTime() - started) / 1e9;
        String total = stdout.stream().filter(l -> l.startsWith("total:")).findFirst().orElse("(no total line, exit " + exit + ")");
        System.out.printf("%n%d empty tables: exit %d, whole process %.2f s%n%s%n", tables, exit, wall, total);
        try (Stream<Path> files = Files.walk(out)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** A table with a cursor: the first cycle is its snapshot, the second finds no change. */
    private static void unchanged(String url, String user, String password, long rows) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS bench_inc CASCADE; CREATE SCHEMA bench_inc;"
                    + "CREATE TABLE bench_inc.events (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL, v text);"
                    + "INSERT INTO bench_inc.events SELECT g, now() - interval '1 day', md5(g::text) FROM generate_series(1, " + rows + ") g;"
                    + "CREATE INDEX ON bench_inc.events (updated_at, id); ANALYZE bench_inc.events;");
        }
        Path work = Files.createTempDirectory("tidemark-bench");
        for (String cycle : List.of("snapshot", "no change")) {
            ProcessBuilder builder = new ProcessBuilder("java", "-jar", "target/tidemark.jar", "--once");
            builder.environment().put("TIDEMARK_SOURCE_JDBC_URL", url);
            builder.environment().put("TIDEMARK_SOURCE_USERNAME", user);
            builder.environment().put("TIDEMARK_SOURCE_PASSWORD", password);
            builder.environment().put("TIDEMARK_SOURCE_INCLUDE_TABLES", "bench_inc.*");
            builder.environment().put("TIDEMARK_SINK_DIRECTORY", work.resolve("out").toString());
            builder.environment().put("TIDEMARK_STATE_DIRECTORY", work.resolve("state").toString());
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            List<String> stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            process.waitFor();
            String line = stdout.stream().filter(l -> l.startsWith("bench_inc.events")).findFirst().orElse("(no line: " + stdout + ")");
            System.out.printf("%s cycle: %s%n", cycle, line);
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static String[] copy(String url, String user, String password, String sql, String label, long rows) throws Exception {
        long best = Long.MAX_VALUE;
        long bytes = 0;
        for (int attempt = 0; attempt < 2; attempt++) {
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                CountingStream out = new CountingStream();
                long started = System.nanoTime();
                ((PGConnection) connection).getCopyAPI().copyOut(sql, out);
                best = Math.min(best, System.nanoTime() - started);
                bytes = out.count;
            }
        }
        double seconds = best / 1e9;
        return new String[] {label, fmt(seconds), String.format(Locale.ROOT, "%,.0f", rows / seconds),
            String.format(Locale.ROOT, "%.1f", bytes / 1e6), "-"};
    }

    private static List<String[]> tidemark(String url, String user, String password, long rows, String heap) throws Exception {
        return tidemark(url, user, password, rows, heap, java.util.Map.of());
    }

    /** Tidemark --once as a child process; {@code sinkEnv} selects another sink (then there are no files to count). */
    private static List<String[]> tidemark(String url, String user, String password, long rows, String heap,
                                           java.util.Map<String, String> sinkEnv) throws Exception {
        Path out = Files.createTempDirectory("tidemark-bench");
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx" + heap, "-jar", "target/tidemark.jar", "--once");
        builder.environment().put("TIDEMARK_SOURCE_JDBC_URL", url);
        builder.environment().put("TIDEMARK_SOURCE_USERNAME", user);
        builder.environment().put("TIDEMARK_SOURCE_PASSWORD", password);
        builder.environment().put("TIDEMARK_SOURCE_INCLUDE_TABLES", "bench.wide");
        builder.environment().put("TIDEMARK_SINK_DIRECTORY", out.toString());
        builder.environment().putAll(sinkEnv);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        long started = System.nanoTime();
        Process process = builder.start();
        long peakKb = 0;
        List<String> stdout = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(stdout::add);
            } catch (IOException ignored) {
                // the child ended
            }
        });
        reader.start();
        Path status = Path.of("/proc/" + process.pid() + "/status");
        while (process.isAlive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peakKb = Math.max(peakKb, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            } catch (IOException gone) {
                break;
            }
            Thread.sleep(50);
        }
        int exit = process.waitFor();
        reader.join();
        double wall = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("tidemark exited " + exit + ": " + stdout);
        }
        String tableLine = stdout.stream().filter(l -> l.startsWith("bench.wide")).findFirst().orElseThrow();
        double tableSeconds = Double.parseDouble(tableLine.trim().split("\\s+")[4]);
        long bytes = 0;
        if (Files.exists(out.resolve("bench.wide"))) {
            try (Stream<Path> files = Files.walk(out.resolve("bench.wide"))) {
                bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
        }
        try (Stream<Path> files = Files.walk(out)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        System.err.println(tableLine);
        String mb = bytes == 0 ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1e6);
        String peak = String.valueOf(peakKb / 1024);
        return List.of(
                new String[] {"Tidemark table", fmt(tableSeconds), String.format(Locale.ROOT, "%,.0f", rows / tableSeconds), mb, peak},
                new String[] {"Tidemark process", fmt(wall), String.format(Locale.ROOT, "%,.0f", rows / wall), mb, peak});
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
