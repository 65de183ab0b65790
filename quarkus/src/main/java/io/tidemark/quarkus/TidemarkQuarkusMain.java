package io.tidemark.quarkus;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tidemark.app.OnceCommand;
import io.tidemark.app.TidemarkAssembly;
import io.tidemark.app.TidemarkMain;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.quarkus.core.CamelRuntime;
import org.jboss.logging.Logger;

/**
 * {@code java -jar quarkus/target/quarkus-app/quarkus-run.jar [--once | reset ...]}: the same command line as
 * the Camel Main jar ({@link TidemarkMain}: options, configuration, one-line errors, exit codes), with Quarkus
 * as the host. The configuration is read and the assembly built before Quarkus boots, so a configuration
 * error is one line and exit 2 with Quarkus never started; {@link TidemarkBinding} then hands the assembly to
 * Camel Quarkus before the routes are loaded.
 */
@QuarkusMain
public final class TidemarkQuarkusMain {
    private static final Logger LOG = Logger.getLogger(TidemarkQuarkusMain.class);

    private TidemarkQuarkusMain() {
    }

    public static void main(String... args) {
        int exitCode = TidemarkMain.run(List.of(args), Path.of(""), System.getenv(), System.getProperties(),
                System.out, System.err, TidemarkQuarkusMain::onQuarkus);
        // Quarkus' exit handler: System.exit in the packaged app; Quarkus' test kit (@QuarkusMainTest) swaps it to
        // collect the code, so the tests run this very main in their JVM.
        ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(exitCode, null);
    }

    /** Quarkus as {@link TidemarkMain.Host}: boots Quarkus (and Camel) around the assembly, returns the exit code. */
    static int onQuarkus(TidemarkAssembly assembly, boolean once, boolean freshnessEnabled, PrintStream out, PrintStream err) {
        Hosted.hand(new Hosted(assembly, once, freshnessEnabled, out, err));
        AtomicInteger exitCode = new AtomicInteger(TidemarkMain.FAILED);
        try {
            Quarkus.run(Application.class, (code, failure) -> {
                if (failure != null) {
                    LOG.error("Tidemark failed on Quarkus", failure);
                    err.println("tidemark: failed: " + failure.getMessage());
                }
                exitCode.set(code);
            });
        } finally {
            Hosted.hand(null);
        }
        return exitCode.get();
    }

    /**
     * Starts Camel once Quarkus is up (with a {@code @QuarkusMain} of its own, Camel Quarkus leaves that to the
     * application), then runs {@code --once}, or until Quarkus is stopped. Quarkus stops Camel on shutdown.
     */
    public static class Application implements QuarkusApplication {
        @Inject
        CamelRuntime camel;

        @Override
        public int run(String... args) {
            Hosted hosted = Hosted.current();
            camel.start(); // no arguments: --once is Tidemark's, not Camel Main's
            if (hosted.once()) {
                return OnceCommand.run(camel.getCamelContext(), hosted.freshnessEnabled(), hosted.out(), hosted.err());
            }
            camel.waitForExit();
            return TidemarkMain.OK;
        }
    }
}
