package io.tidemark.quarkus;

import io.tidemark.app.TidemarkAssembly;
import java.io.PrintStream;

/**
 * What the command line hands to Quarkus for one run: the assembly built from Tidemark's own configuration, and
 * how to run. Quarkus boots after the assembly exists, so its beans find it here.
 */
record Hosted(TidemarkAssembly assembly, boolean once, boolean freshnessEnabled, PrintStream out, PrintStream err) {
    private static volatile Hosted current;

    static void hand(Hosted hosted) {
        current = hosted;
    }

    /** The run being hosted; Quarkus was started without {@link TidemarkQuarkusMain#main} when there is none. */
    static Hosted current() {
        Hosted hosted = current;
        if (hosted == null) {
            throw new IllegalStateException("Tidemark is not assembled: start it with TidemarkQuarkusMain");
        }
        return hosted;
    }
}
