package io.tidemark.app;

import io.tidemark.config.LayeredProperties;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.freshness.FreshnessReport;
import io.tidemark.monitor.ResourceSampler;
import io.tidemark.run.CycleReport;
import io.tidemark.state.StateStore;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StartupListener;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Tidemark on Camel Main: the {@link TidemarkAssembly}'s beans bound into Main's registry, its properties handed
 * to Camel as the only ones, and {@code routes/*.yaml} loaded. Used by {@link TidemarkMain} and by the
 * route-level tests alike.
 */
public final class TidemarkRuntime implements AutoCloseable {
    private final Main main;
    private final TidemarkAssembly assembly;

    private TidemarkRuntime(Main main, TidemarkAssembly assembly) {
        this.main = main;
        this.assembly = assembly;
    }

    /**
     * Assembles Tidemark (connecting to the source, starting the demo database when no URL is set) and prepares Camel.
     *
     * @param scheduled whether the Quartz schedules run (false for {@code --once})
     */
    public static TidemarkRuntime create(Path baseDir, TidemarkConfig config, LayeredProperties properties, boolean scheduled) {
        return onCamelMain(TidemarkAssembly.build(baseDir, config, properties, scheduled));
    }

    /** As {@link #create(Path, TidemarkConfig, LayeredProperties, boolean)}, reading the machine with {@code sampler}. */
    public static TidemarkRuntime create(Path baseDir, TidemarkConfig config, LayeredProperties properties, boolean scheduled,
                                         ResourceSampler sampler) {
        return onCamelMain(TidemarkAssembly.build(baseDir, config, properties, scheduled, sampler));
    }

    /** Camel Main around an assembly built already; closing the runtime closes the assembly too. */
    public static TidemarkRuntime onCamelMain(TidemarkAssembly assembly) {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("false"); // properties come from the assembly only
        main.setOverrideProperties(assembly.camelProperties());
        main.addMainListener(new AssemblyListener(assembly));
        assembly.beans().forEach(main::bind);
        return new TidemarkRuntime(main, assembly);
    }

    /**
     * Before Camel configures anything: its placeholders are limited to the properties Tidemark hands it, and beans
     * that send through Camel themselves (the endpoint sink) get the CamelContext, which Main's {@code bind} does
     * not set (a registry's own {@code bind} would). Once Camel started: the status path on the management server.
     */
    private static final class AssemblyListener extends MainListenerSupport {
        private final TidemarkAssembly assembly;

        AssemblyListener(TidemarkAssembly assembly) {
            this.assembly = assembly;
        }

        @Override
        public void beforeConfigure(BaseMainSupport main) {
            CamelContext camel = main.getCamelContext();
            CamelProperties.ignoreEnvironmentAndSystemProperties(camel);
            assembly.beans().values().forEach(bean -> CamelContextAware.trySetCamelContext(bean, camel));
            try {
                camel.addStartupListener(new StartupListener() {
                    @Override
                    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                        // the management server starts with the context; its routes are complete only then
                    }

                    @Override
                    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                        StatusEndpoint.register(context, (StateStore) assembly.beans().get(TidemarkAssembly.CHECKPOINT_STORE));
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException("cannot listen for Camel's start", e);
            }
        }
    }

    /** Starts Camel (routes loaded, Quartz schedules running unless created for {@code --once}). */
    public void start() throws Exception {
        main.start();
    }

    /** Starts Camel and blocks until Tidemark is told to stop (SIGTERM, Ctrl-C). */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    /** Runs one sync cycle now and returns its report. */
    public CycleReport runSyncCycle() {
        return OnceCommand.runSyncCycle(camelContext());
    }

    /** Runs one freshness check now and returns its report. */
    public FreshnessReport runFreshnessCheck() {
        return OnceCommand.runFreshnessCheck(camelContext());
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
        assembly.close();
    }
}
