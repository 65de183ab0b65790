import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * Tidemark against PostgreSQL's own COPY ... TO STDOUT, in one run on one database (issue 11's targets).
 *
 * <pre>
 *   mvn -B -o -q -DskipTests -Dinvoker.skip=true package
 *   java -cp target/tidemark.jar bench/Benchmark.java [rows] [heap]      # the suite; default 2000000 rows, -Xmx256m
 *   java -cp target/tidemark.jar bench/Benchmark.java memory [rows]      # one full sync: peak RSS and heap (e.g. 20000000)
 *   java -cp target/tidemark.jar bench/Benchmark.java empty [tables]     # one cycle over empty tables, default 1000
 *   java -cp target/tidemark.jar bench/Benchmark.java unchanged [rows]   # snapshot, then a cycle with no change
 *   java -cp target/tidemark.jar bench/Benchmark.java jdbc [rows]        # the jdbc sink alone, beside a COPY-to-COPY pipe
 *   java -cp target/tidemark.jar bench/Benchmark.java parallel [rows]    # 8 tables of rows/4 against one of 2 × rows
 * </pre>
 *
 * The suite measures: COPY csv and COPY row_to_json to /dev/null (median of 3); Tidemark's full sync of the
 * table (JSONL files, fsynced, a checkpoint after every batch, adaptive batch sizes and resource monitoring on);
 * the incremental cycle that finds no change; 1,000 empty tables; 8 tables of rows/4 rows each against one table
 * of 2 × rows (the same rows). It prints a Markdown table with the ratio of each rate to COPY csv's.
 *
 * Uses an embedded PostgreSQL, or the server in BENCH_JDBC_URL (with BENCH_USERNAME, BENCH_PASSWORD). Tidemark
 * runs as `java -Xmx<heap> -jar target/tidemark.jar --once` in a child process (extra JVM options in
 * BENCH_JAVA_OPTS, e.g. a JFR recording); peak RSS is the child's VmHWM from /proc, peak heap the largest heap
 * before a collection in its GC log.
 */
public class Benchmark {
    private static final Pattern HEAP_BEFORE_GC = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

    private final String url;
    private final String user;
    private final String password;
    private final String heap;

    Benchmark(String url, String user, String password, String heap) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.heap = heap;
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 && !Character.isDigit(args[0].charAt(0)) ? args[0] : "suite";
        int first = scenario.equals("suite") ? 0 : 1;
        long count = args.length > first ? Long.parseLong(args[first]) : scenario.equals("empty") ? 1000 : 2_000_000L;
        String heap = scenario.equals("suite") && args.length > 1 ? args[1] : "256m";
        String url = System.getenv("BENCH_JDBC_URL");
        String user = System.getenv().getOrDefault("BENCH_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("BENCH_PASSWORD", "");
        EmbeddedPostgres embedded = null;
        if (url == null || url.isBlank()) {
            embedded = EmbeddedPostgres.builder().start();
            url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres";
        }
        try {
            Benchmark bench = new Benchmark(url, user, password, heap);
            switch (scenario) {
                case "memory" -> bench.memory(count);
                case "empty" -> System.out.println(bench.emptyTables((int) count).summary());
                case "unchanged" -> bench.unchangedOnly(count);
                case "jdbc" -> bench.jdbcSink(count);
                case "parallel" -> bench.parallelOnly(count);
                default -> bench.suite(count);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private void suite(long rows) throws Exception {
        System.err.println(machine());
        createWideTable("bench.wide", rows);
        List<Row> table = new ArrayList<>();
        Copy csv = copy("COPY (SELECT * FROM bench.wide) TO STDOUT (FORMAT csv)");
        table.add(csv.row("`COPY (SELECT *) TO STDOUT (FORMAT csv)` to /dev/null, median of 3", rows));
        Copy json = copy("COPY (SELECT row_to_json(w) FROM bench.wide w) TO STDOUT");
        table.add(json.row("`COPY (SELECT row_to_json(w)) TO STDOUT` to /dev/null, median of 3", rows));

        Path work = Files.createTempDirectory("tidemark-bench");
        try {
            // created is the cursor: the full sync is a snapshot, and the next cycle an incremental read
            Map<String, String> env = Map.of("TIDEMARK_SOURCE_INCLUDE_TABLES", "bench.wide",
                    "TIDEMARK_SYNC_CURSOR_COLUMNS", "created");
            Child full = tidemark(env, work);
            String fullLine = full.tableLine("bench.wide");
            double tableSeconds = seconds(fullLine);
            table.add(new Row("Tidemark, the table's full sync (JSONL files, fsynced, checkpointed)", tableSeconds, rows,
                    "", mb(full.peakRssKb / 1024), mb(full.peakHeapMb)));
            table.add(new Row("Tidemark, the whole `--once` process", full.wall, rows, "", mb(full.peakRssKb / 1024),
                    mb(full.peakHeapMb)));
            Child unchanged = tidemark(env, work);
            table.add(new Row("Tidemark, incremental cycle with no change (" + rowsOf(unchanged.tableLine("bench.wide"))
                    + " rows)", seconds(unchanged.tableLine("bench.wide")), 0, "whole process "
                    + String.format(Locale.ROOT, "%.2f s", unchanged.wall), mb(unchanged.peakRssKb / 1024), mb(unchanged.peakHeapMb)));
        } finally {
            delete(work);
        }
        table.addAll(jdbcSinkRows(emptyDestination(), rows, false));
        dropSchema("bench");

        Child empty = emptyTables(1000);
        table.add(new Row("Tidemark, 1,000 empty tables, one cycle", empty.totalSeconds(), 0,
                "whole process " + String.format(Locale.ROOT, "%.2f s", empty.wall), mb(empty.peakRssKb / 1024), mb(empty.peakHeapMb)));

        long part = rows / 4;
        table.add(parallel(8, part));
        table.add(parallel(1, 8 * part));

        System.out.println();
        System.out.println(machine());
        print(table, rows / csv.seconds);
    }

    /** The rows as a Markdown table, rates against {@code copyRate} (COPY csv's rows/s in the same run). */
    private static void print(List<Row> table, double copyRate) {
        System.out.println();
        System.out.println("| what | seconds | rows/s | of COPY csv | note | peak RSS MB | peak heap MB |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Row row : table) {
            System.out.println(row.markdown(copyRate));
        }
    }

    private void memory(long rows) throws Exception {
        System.err.println(machine());
        createWideTable("bench.wide", rows);
        Path work = Files.createTempDirectory("tidemark-bench");
        try {
            Child full = tidemark(Map.of("TIDEMARK_SOURCE_INCLUDE_TABLES", "bench.wide"), work);
            String line = full.tableLine("bench.wide");
            System.out.printf(Locale.ROOT, "| %,d rows, full sync | %.2f s table, %.2f s process | %,.0f rows/s | peak RSS %d MB | peak heap %d MB |%n",
                    rows, seconds(line), full.wall, rows / seconds(line), full.peakRssKb / 1024, full.peakHeapMb);
        } finally {
            delete(work);
        }
    }

    /**
     * The jdbc sink: a full sync of bench.wide into a second database of the same server (each batch one upsert
     * transaction, a checkpoint file after each; then again into a new database holding the checkpoints, each in its
     * batch's transaction), beside COPY csv out of the source and the bare pipe of COPY out of the source into COPY
     * in of the destination, in the same run.
     */
    private void jdbcSink(long rows) throws Exception {
        System.err.println(machine());
        createWideTable("bench.wide", rows);
        List<Row> table = new ArrayList<>();
        Copy csv = copy("COPY (SELECT * FROM bench.wide) TO STDOUT (FORMAT csv)");
        table.add(csv.row("`COPY (SELECT *) TO STDOUT (FORMAT csv)` to /dev/null, median of 3", rows));
        String destination = emptyDestination();
        table.add(new Row("COPY out of the source piped into COPY in of the destination", copyPipe(destination), rows,
                "", "–", "–"));
        table.addAll(jdbcSinkRows(destination, rows, false));
        table.addAll(jdbcSinkRows(emptyDestination(), rows, true));
        print(table, rows / csv.seconds);
    }

    /** A new, empty database {@code bench_destination} on the same server; its JDBC URL. */
    private String emptyDestination() throws Exception {
        execute("DROP DATABASE IF EXISTS bench_destination");
        execute("CREATE DATABASE bench_destination");
        return url.replaceFirst("/[^/?]*(\\?|$)", "/bench_destination$1");
    }

    /**
     * Tidemark's full sync of bench.wide into {@code destination} with the jdbc sink: the table's and the process's
     * rows. Checkpoints in files, or, with {@code checkpointsInDestination}, in the destination database, each in
     * its batch's transaction.
     */
    private List<Row> jdbcSinkRows(String destination, long rows, boolean checkpointsInDestination) throws Exception {
        Path work = Files.createTempDirectory("tidemark-bench");
        try {
            Map<String, String> env = new HashMap<>(Map.of("TIDEMARK_SOURCE_INCLUDE_TABLES", "bench.wide",
                    "TIDEMARK_SINK_TYPE", "jdbc", "TIDEMARK_SINK_JDBC_URL", destination, "TIDEMARK_SINK_USERNAME", user,
                    "TIDEMARK_SINK_PASSWORD", password));
            String checkpoints = "checkpoint files";
            if (checkpointsInDestination) {
                env.putAll(Map.of("TIDEMARK_STATE_TYPE", "jdbc", "TIDEMARK_STATE_JDBC_URL", destination,
                        "TIDEMARK_STATE_USERNAME", user, "TIDEMARK_STATE_PASSWORD", password));
                checkpoints = "checkpoints in its transactions";
            }
            Child child = tidemark(env, work);
            return List.of(new Row("Tidemark, the table's full sync into PostgreSQL (jdbc sink: upserted, " + checkpoints + ")",
                            seconds(child.tableLine("bench.wide")), rows, "", mb(child.peakRssKb / 1024), mb(child.peakHeapMb)),
                    new Row("Tidemark, the whole `--once` process of it", child.wall, rows, "", mb(child.peakRssKb / 1024),
                            mb(child.peakHeapMb)));
        } finally {
            delete(work);
        }
    }

    /** Seconds to COPY bench.wide out of the source straight into COPY in of an empty table in the destination. */
    private double copyPipe(String destination) throws Exception {
        settle();
        try (Connection source = DriverManager.getConnection(url, user, password);
             Connection target = DriverManager.getConnection(destination, user, password)) {
            try (Statement statement = target.createStatement()) {
                statement.execute("CREATE TABLE public.wide_copy (id bigint PRIMARY KEY, amount numeric(12,2), name text,"
                        + " created timestamptz, active boolean, attrs jsonb, note text)");
            }
            PipedInputStream in = new PipedInputStream(1 << 20);
            PipedOutputStream out = new PipedOutputStream(in);
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
            return seconds;
        }
    }

    /** The cost of a cycle itself: discovery, dispatch, monitoring and records over tables with no rows. */
    private Child emptyTables(int tables) throws Exception {
        StringBuilder sql = new StringBuilder("DROP SCHEMA IF EXISTS bench_empty CASCADE; CREATE SCHEMA bench_empty;");
        for (int i = 1; i <= tables; i++) {
            sql.append("CREATE TABLE bench_empty.t").append(i).append(" (id integer PRIMARY KEY, v text);");
        }
        execute(sql.toString());
        Path work = Files.createTempDirectory("tidemark-bench");
        try {
            return tidemark(Map.of("TIDEMARK_SOURCE_INCLUDE_TABLES", "bench_empty.*"), work);
        } finally {
            delete(work);
            dropSchema("bench_empty");
        }
    }

    private void unchangedOnly(long rows) throws Exception {
        createWideTable("bench.wide", rows);
        Path work = Files.createTempDirectory("tidemark-bench");
        try {
            Map<String, String> env = Map.of("TIDEMARK_SOURCE_INCLUDE_TABLES", "bench.wide", "TIDEMARK_SYNC_CURSOR_COLUMNS", "created");
            for (String cycle : List.of("snapshot", "no change")) {
                Child child = tidemark(env, work);
                System.out.printf("%s cycle: %s (whole process %.2f s)%n", cycle, child.tableLine("bench.wide"), child.wall);
            }
        } finally {
            delete(work);
        }
    }

    /** The suite's parallel-tables rows alone, beside COPY csv of the same rows in one table. */
    private void parallelOnly(long rows) throws Exception {
        System.err.println(machine());
        long part = rows / 4;
        createWideTable("bench.wide", 8 * part);
        Copy csv = copy("COPY (SELECT * FROM bench.wide) TO STDOUT (FORMAT csv)");
        List<Row> table = new ArrayList<>();
        table.add(csv.row("`COPY (SELECT *) TO STDOUT (FORMAT csv)` of all the rows to /dev/null, median of 3", 8 * part));
        dropSchema("bench");
        table.add(parallel(8, part));
        table.add(parallel(1, 8 * part));
        print(table, 8 * part / csv.seconds);
    }

    /** {@code tables} tables of {@code rows} rows each, in one cycle: the cycle's seconds. */
    private Row parallel(int tables, long rows) throws Exception {
        dropSchema("bench_par");
        execute("CREATE SCHEMA bench_par");
        for (int i = 1; i <= tables; i++) {
            createWideTable("bench_par.t" + i, rows);
        }
        Path work = Files.createTempDirectory("tidemark-bench");
        try {
            Child child = tidemark(Map.of("TIDEMARK_SOURCE_INCLUDE_TABLES", "bench_par.*"), work);
            String label = String.format(Locale.ROOT, "Tidemark, %d table%s × %,d rows, one cycle", tables, tables == 1 ? "" : "s", rows);
            return new Row(label, child.totalSeconds(), tables * rows, "whole process " + String.format(Locale.ROOT, "%.2f s", child.wall),
                    mb(child.peakRssKb / 1024), mb(child.peakHeapMb));
        } finally {
            delete(work);
            dropSchema("bench_par");
        }
    }

    private void createWideTable(String name, long rows) throws Exception {
        System.err.printf("creating %s with %,d rows...%n", name, rows);
        String schema = name.substring(0, name.indexOf('.'));
        execute("CREATE SCHEMA IF NOT EXISTS " + schema + "; DROP TABLE IF EXISTS " + name + ";"
                + "CREATE TABLE " + name + " (id bigint PRIMARY KEY, amount numeric(12,2), name text, created timestamptz,"
                + " active boolean, attrs jsonb, note text)");
        execute("INSERT INTO " + name + " SELECT g, (g % 100000) / 100.0, 'customer name ' || g,"
                + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', g % 3 = 0,"
                + " jsonb_build_object('tier', g % 5, 'tags', jsonb_build_array('a', 'b')),"
                + " CASE WHEN g % 10 = 0 THEN NULL ELSE md5(g::text) END FROM generate_series(1, " + rows + ") g");
        // an index on the cursor, as an incremental table has: the no-change cycle then reads an index, not the table
        execute("CREATE INDEX ON " + name + " (created, id)");
        execute("VACUUM ANALYZE " + name);
    }

    private Copy copy(String sql) throws Exception {
        double[] seconds = new double[3];
        for (int attempt = 0; attempt < seconds.length; attempt++) {
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 OutputStream devNull = new FileOutputStream("/dev/null")) {
                long started = System.nanoTime();
                ((PGConnection) connection).getCopyAPI().copyOut(sql, devNull);
                seconds[attempt] = (System.nanoTime() - started) / 1e9;
            }
        }
        Arrays.sort(seconds);
        return new Copy(seconds[1], seconds[0], seconds[2]);
    }

    private Child tidemark(Map<String, String> env, Path work) throws Exception {
        settle();
        Path gcLog = Files.createTempFile("tidemark-bench-gc", ".log");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap, "-Xlog:gc:file=" + gcLog));
        String options = System.getenv("BENCH_JAVA_OPTS");
        if (options != null && !options.isBlank()) {
            command.addAll(Arrays.asList(options.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", "target/tidemark.jar", "--once"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.put("TIDEMARK_SOURCE_JDBC_URL", url);
        environment.put("TIDEMARK_SOURCE_USERNAME", user);
        environment.put("TIDEMARK_SOURCE_PASSWORD", password);
        environment.put("TIDEMARK_SINK_DIRECTORY", work.resolve("out").toString());
        environment.put("TIDEMARK_STATE_DIRECTORY", work.resolve("state").toString());
        environment.putAll(env);
        Path log = Files.createTempFile("tidemark-bench-log", ".txt");
        builder.redirectError(log.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        List<String> stdout = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(stdout::add);
            } catch (IOException ignored) {
                // the child ended
            }
        });
        reader.start();
        long peakKb = 0;
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
        long peakHeap = 0;
        Matcher heapBeforeGc = HEAP_BEFORE_GC.matcher(Files.readString(gcLog));
        while (heapBeforeGc.find()) {
            peakHeap = Math.max(peakHeap, Long.parseLong(heapBeforeGc.group(1)));
        }
        Files.deleteIfExists(gcLog);
        if (exit != 0) {
            throw new IllegalStateException("tidemark exited " + exit + " (its log: " + log + "): " + stdout);
        }
        stdout.stream().filter(l -> l.startsWith("total:")).forEach(System.err::println);
        // what the resource policy did during the run
        try (Stream<String> lines = Files.lines(log)) {
            lines.filter(l -> l.contains(" pressure ") || l.contains(" tables at once ")).forEach(System.err::println);
        }
        Files.deleteIfExists(log);
        return new Child(wall, stdout, peakKb, peakHeap);
    }

    private void dropSchema(String schema) throws Exception {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /**
     * Before each timed write run: a CHECKPOINT, so that the run neither pays for the previous run's dirty pages nor
     * meets a checkpoint that the previous run's WAL brought on (with it, the jdbc sink's figures varied by a third
     * from one run to the next). Needs a superuser; skipped on a server where Tidemark's user is not one.
     */
    private void settle() {
        try {
            execute("CHECKPOINT");
        } catch (Exception e) {
            System.err.println("no CHECKPOINT before the run: " + e.getMessage());
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        return String.format(Locale.ROOT, "%d cores (%s), Java %s, load average %s", Runtime.getRuntime().availableProcessors(), cpu,
                System.getProperty("java.version"), load);
    }

    /** The seconds column of a table's line in the cycle report. */
    private static double seconds(String tableLine) {
        return Double.parseDouble(tableLine.trim().split("\\s+")[4]);
    }

    private static String rowsOf(String tableLine) {
        return tableLine.trim().split("\\s+")[2];
    }

    private static String mb(long value) {
        return value <= 0 ? "–" : String.valueOf(value);
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private record Copy(double seconds, double fastest, double slowest) {
        /** The median's row, its spread as the note. */
        Row row(String what, long rows) {
            return new Row(what, seconds, rows, String.format(Locale.ROOT, "%.2f–%.2f s", fastest, slowest), "–", "–");
        }
    }

    private record Child(double wall, List<String> stdout, long peakRssKb, long peakHeapMb) {
        String tableLine(String table) {
            return stdout.stream().filter(l -> l.startsWith(table + " ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no line for " + table + ": " + stdout));
        }

        /** The cycle's own seconds, from the report's total line. */
        double totalSeconds() {
            String total = stdout.stream().filter(l -> l.startsWith("total:")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no total line: " + stdout));
            Matcher seconds = Pattern.compile(" in ([0-9.]+) s ").matcher(total);
            if (!seconds.find()) {
                throw new IllegalStateException("unexpected total line: " + total);
            }
            return Double.parseDouble(seconds.group(1));
        }

        String summary() {
            return String.format(Locale.ROOT, "cycle %.2f s, whole process %.2f s, peak RSS %d MB", totalSeconds(), wall, peakRssKb / 1024);
        }
    }

    private record Row(String what, double seconds, long rows, String note, String rss, String heap) {
        String markdown(double copyRate) {
            String rate = rows == 0 ? "–" : String.format(Locale.ROOT, "%,.0f", rows / seconds);
            String ratio = rows == 0 ? "–" : String.format(Locale.ROOT, "%.0f %%", rows / seconds / copyRate * 100);
            return String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s | %s | %s |", what, seconds, rate, ratio, note, rss, heap);
        }
    }
}
