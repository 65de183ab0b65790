package io.tidemark.app;

import io.tidemark.config.ConfigException;
import io.tidemark.config.LayeredProperties;
import io.tidemark.config.LogFormat;
import io.tidemark.config.Settings;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.logging.ConsoleLogs;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateStores;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
    private static final String USAGE = "usage: java -jar target/tidemark.jar [--once | --port N | reset <schema.table|glob>... | status [--json]]";

    private TidemarkMain() {
    }

    /**
     * How a runtime hosts the assembled Tidemark: binds the assembly into its Camel, starts it, then runs
     * {@code --once} ({@link OnceCommand}) or until stopped. Camel Main is one host, Quarkus another.
     */
    @FunctionalInterface
    public interface Host {
        /**
         * @param once whether to run one cycle and the freshness check ({@code --once}) instead of the schedules
         * @return the exit code
         */
        int run(TidemarkAssembly assembly, boolean once, boolean freshnessEnabled, PrintStream out, PrintStream err)
                throws Exception;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), Path.of(""), System.getenv(), System.getProperties(), System.out, System.err));
    }

    /** The command line on Camel Main, which alone also serves the Partner SDK ({@code --port N}). */
    public static int run(List<String> args, Path baseDir, Map<String, String> env, Properties system,
                          PrintStream out, PrintStream err) {
        if (!args.isEmpty() && (args.get(0).equals("--port") || args.get(0).startsWith("--port="))) {
            return partnerMode(args, baseDir, env, system, err);
        }
        return run(args, baseDir, env, system, out, err, TidemarkMain::onCamelMain);
    }

    /**
     * The command line on any runtime: options, {@code reset}, configuration (one line and exit 2 when invalid,
     * nothing written), the assembly, then {@code host}; the assembly is closed when the host returns.
     */
    public static int run(List<String> args, Path baseDir, Map<String, String> env, Properties system,
                          PrintStream out, PrintStream err, Host host) {
        if (!args.isEmpty() && args.get(0).equals("reset")) {
            List<String> tables = args.subList(1, args.size());
            return onStateStore("reset", baseDir, env, system, err, states -> new ResetCommand(states).run(tables, out));
        }
        if (!args.isEmpty() && args.get(0).equals("status")) {
            List<String> options = args.subList(1, args.size());
            if (!options.isEmpty() && !options.equals(List.of("--json"))) {
                err.println("tidemark: unknown status option '" + String.join(" ", options) + "' (status [--json])");
                return CONFIG_ERROR;
            }
            return onStateStore("status", baseDir, env, system, err,
                    states -> new StatusCommand(states).run(!options.isEmpty(), out));
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
        TidemarkAssembly assembly;
        boolean freshnessEnabled;
        try {
            LayeredProperties properties = LayeredProperties.load(baseDir, env, system);
            TidemarkConfig config = TidemarkConfig.from(properties);
            if (properties.value(Settings.LOG_FORMAT) == LogFormat.JSON) {
                ConsoleLogs.json();
            } else if (System.console() != null) {
                ConsoleLogs.liveProgress(terminalColumns(env));
            }
            freshnessEnabled = config.freshness().enabled();
            assembly = TidemarkAssembly.build(baseDir, config, properties, !once);
        } catch (ConfigException e) {
            err.println(configurationError(e));
            return CONFIG_ERROR;
        } catch (RuntimeException e) {
            LOG.error("Tidemark could not start", e);
            err.println("tidemark: could not start: " + e.getMessage());
            return FAILED;
        }
        try (assembly) {
            return host.run(assembly, once, freshnessEnabled, out, err);
        } catch (Exception e) {
            LOG.error("Tidemark failed", e);
            err.println("tidemark: failed: " + e.getMessage());
            return FAILED;
        }
    }

    /** {@code --port N} (or {@code --port=N}) alone: the Fivetran Partner SDK server, on a Camel Main of its own. */
    private static int partnerMode(List<String> args, Path baseDir, Map<String, String> env, Properties system, PrintStream err) {
        String value = args.get(0).equals("--port") ? (args.size() > 1 ? args.get(1) : "") : args.get(0).substring("--port=".length());
        int used = args.get(0).equals("--port") ? 2 : 1;
        Integer port = PartnerMode.port(value);
        if (port == null || args.size() > used) {
            err.println("tidemark: --port takes a port number (0 to 65535) and no other option (" + USAGE + ")");
            return CONFIG_ERROR;
        }
        try {
            return PartnerMode.run(port, baseDir, env, system, err);
        } catch (Exception e) {
            LOG.error("Tidemark failed", e);
            err.println("tidemark: failed: " + e.getMessage());
            return FAILED;
        }
    }

    /** The terminal's width as the shell exports it ({@code COLUMNS}), else 120. */
    private static int terminalColumns(Map<String, String> env) {
        try {
            return Math.max(20, Integer.parseInt(env.getOrDefault("COLUMNS", "120").strip()));
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    /** The one line a configuration error is reported as, on every runtime. */
    public static String configurationError(ConfigException e) {
        return "tidemark: configuration error: " + e.getMessage();
    }

    /** Camel Main as the host: scheduled until stopped, or started for {@code --once}. */
    private static int onCamelMain(TidemarkAssembly assembly, boolean once, boolean freshnessEnabled,
                                   PrintStream out, PrintStream err) throws Exception {
        try (TidemarkRuntime runtime = TidemarkRuntime.onCamelMain(assembly)) {
            if (!once) {
                runtime.runUntilStopped();
                return OK;
            }
            Thread stopper = new Thread(runtime::close, "tidemark-shutdown");
            Runtime.getRuntime().addShutdownHook(stopper);
            runtime.start();
            int exitCode = OnceCommand.run(runtime.camelContext(), freshnessEnabled, out, err);
            removeShutdownHook(stopper);
            return exitCode;
        }
    }

    /** A command on the checkpoints alone ({@code reset}, {@code status}): it reads the state store, not the source. */
    @FunctionalInterface
    private interface StateCommand {
        int run(StateStore states) throws Exception;
    }

    /** Runs {@code command} on the configured state store: one line and exit 2 on a configuration error. */
    private static int onStateStore(String name, Path baseDir, Map<String, String> env, Properties system,
                                    PrintStream err, StateCommand command) {
        try {
            TidemarkConfig config = TidemarkConfig.from(LayeredProperties.load(baseDir, env, system));
            StateStores.Opened states = StateStores.open(config.state(), baseDir);
            try (AutoCloseable resources = states.resources()) {
                return command.run(states.store());
            }
        } catch (ConfigException e) {
            err.println(configurationError(e));
            return CONFIG_ERROR;
        } catch (Exception e) {
            err.println("tidemark: " + name + " failed: " + e.getMessage());
            return FAILED;
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
