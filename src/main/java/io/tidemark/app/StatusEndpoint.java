package io.tidemark.app;

import io.tidemark.state.StateStore;
import io.vertx.core.http.HttpMethod;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /observe/status} on Camel Main's management server: the {@code status --json} answer, read from the
 * state store alone (never the source), on a worker thread (the store is files or a database).
 */
final class StatusEndpoint {
    static final String PATH = "/observe/status";
    private static final Logger LOG = LoggerFactory.getLogger(StatusEndpoint.class);

    private StatusEndpoint() {
    }

    /** Adds the path to the management server of {@code camel}, when it runs one. */
    static void register(CamelContext camel, StateStore states) {
        ManagementHttpServer server = camel.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return;
        }
        StatusCommand status = new StatusCommand(states);
        server.getRouter().route(HttpMethod.GET, PATH).blockingHandler(request -> {
            try {
                String json = status.json();
                request.response().putHeader("content-type", "application/json").end(json);
            } catch (Exception e) {
                LOG.warn("{} failed: {}", PATH, e.getMessage());
                request.response().setStatusCode(503).putHeader("content-type", "text/plain")
                        .end("the checkpoint store cannot be read: " + e.getMessage() + "\n");
            }
        });
    }
}
