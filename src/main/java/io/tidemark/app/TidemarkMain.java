package io.tidemark.app;

import io.tidemark.config.ConfigException;
import io.tidemark.config.LayeredProperties;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.freshness.FreshnessReport;
import io.tidemark.run.CycleReport;
import io.tidemark.state.StateStores;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar tidemark.jar [--once]}. Exit codes of {@code --once}: 0 all tables synced and the freshness
 * check ran; 1 a table, the cycle or the freshness check failed (the rest still ran); 2 configuration error,
 * reported as one line on stderr with nothing written.
 */
public final class TidemarkMain {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int CONFIG_ERROR = 2;
    private static final Logger LOG = LoggerFactory.getLogger(TidemarkMain.class);
    private static final String USAGE = "usage: java -jar target/tidemark.jar [--once | reset <schema.table|glob>...]";

    private TidemarkMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), Path.of(""), System.getenv(), System.getProperties(), System.out, System.err));
    }

    public static int run(List<String> args, Path baseDir, Map<String, String> env, Properties system,
                          PrintStream out, PrintStream err) {
        if (!args.isEmpty() && args.get(0).equals("reset")) {
            return reset(args.subList(1, args.size()), baseDir, env, system, out, err);
        }
        boolean once = false;
        for (String arg : args) {
            switch (arg) {
                case "--once" -> once = true;
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return OK;
                }
                default -> {
                    err.println("tidemark: unknown option '" + arg + "' (" + USAGE + ")");
                    return CONFIG_ERROR;
                }
            }
        }
        TidemarkRuntime runtime;
        boolean freshnessEnabled;
        try {
            LayeredProperties properties = LayeredProperties.load(baseDir, env, system);
            TidemarkConfig config = TidemarkConfig.from(properties);
            freshnessEnabled = config.freshness().enabled();
            runtime = TidemarkRuntime.create(baseDir, config, properties, !once);
        } catch (ConfigException e) {
            err.println("tidemark: configuration error: " + e.getMessage());
            return CONFIG_ERROR;
        } catch (RuntimeException e) {
            LOG.error("Tidemark could not start", e);
            err.println("tidemark: could not start: " + e.getMessage());
            return FAILED;
        }
        try (runtime) {
            if (!once) {
                runtime.runUntilStopped();
                return OK;
            }
            Thread stopper = new Thread(runtime::close, "tidemark-shutdown");
            Runtime.getRuntime().addShutdownHook(stopper);
            runtime.start();
            boolean synced = syncOnce(runtime, out, err);
            boolean checked = !freshnessEnabled || checkFreshnessOnce(runtime, out, err);
            removeShutdownHook(stopper);
            return synced && checked ? OK : FAILED;
        } catch (Exception e) {
            LOG.error("Tidemark failed", e);
            err.println("tidemark: failed: " + e.getMessage());
            return FAILED;
        }
    }

    /** {@code reset <tables>}: needs the configuration (where the checkpoints are), not the source. */
    private static int reset(List<String> tables, Path baseDir, Map<String, String> env, Properties system,
                             PrintStream out, PrintStream err) {
        try {
            TidemarkConfig config = TidemarkConfig.from(LayeredProperties.load(baseDir, env, system));
            StateStores.Opened states = StateStores.open(config.state(), baseDir);
            try (AutoCloseable resources = states.resources()) {
                return new ResetCommand(states.store()).run(tables, out);
            }
        } catch (ConfigException e) {
            err.println("tidemark: configuration error: " + e.getMessage());
            return CONFIG_ERROR;
        } catch (Exception e) {
            err.println("tidemark: reset failed: " + e.getMessage());
            return FAILED;
        }
    }

    /** One sync cycle and its summary; false when a table or the cycle failed. */
    private static boolean syncOnce(TidemarkRuntime runtime, PrintStream out, PrintStream err) {
        try {
            CycleReport report = runtime.runSyncCycle();
            report.summaryLines().forEach(out::println);
            return report.succeeded();
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.error("Sync cycle failed", cause);
            err.println("tidemark: sync cycle failed: " + cause.getMessage());
            return false;
        }
    }

    /**
     * One freshness check and its lines; false when it failed: the query, or something a sync needed (a call,
     * a broken or paused connection, the sync itself). It runs whether or not the sync cycle did.
     */
    private static boolean checkFreshnessOnce(TidemarkRuntime runtime, PrintStream out, PrintStream err) {
        try {
            FreshnessReport report = runtime.runFreshnessCheck();
            report.summaryLines().forEach(out::println);
            if (report.failed()) {
                err.println("tidemark: freshness check failed: " + report.failures());
                return false;
            }
            return true;
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.error("Freshness check failed", cause);
            err.println("tidemark: freshness check failed: " + cause.getMessage());
            return false;
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running; it closes the runtime
        }
    }
}
