package io.tidemark.partner;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.tidemark.monitor.ResourceMonitor;
import io.tidemark.run.DaemonThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Partner SDK's gRPC server as a service of the CamelContext: it starts with the context and stops with it.
 * It listens on every interface, IPv4 and IPv6 (the wildcard address). Stopping (SIGTERM) refuses new calls, lets
 * the calls under way finish for up to the drain time, then cancels what is left: an {@code Update} cancelled stops
 * at its next page, its last checkpoint intact. Server reflection is on, so {@code grpcurl} can list and call it.
 */
public final class PartnerServer extends ServiceSupport implements CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerServer.class);

    private final int requestedPort;
    private final ConnectorConfiguration configuration;
    private final ResourceMonitor resources;
    private final Duration drain;
    private final Clock clock;
    private CamelContext camelContext;
    private ExecutorService updateThreads;
    private Server server;
    private volatile IOException startFailure;

    /**
     * @param port  the port to listen on; 0 for any free one ({@link #port()} tells which)
     * @param drain how long calls under way may go on once stopping begins
     */
    public PartnerServer(int port, ConnectorConfiguration configuration, ResourceMonitor resources, Duration drain, Clock clock) {
        this.requestedPort = port;
        this.configuration = configuration;
        this.resources = resources;
        this.drain = drain;
        this.clock = clock;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    protected void doStart() throws IOException {
        updateThreads = Executors.newCachedThreadPool(DaemonThreads.named("tidemark-update"));
        SourceConnectorService service = new SourceConnectorService(configuration, resources, this::getCamelContext,
                updateThreads, clock);
        ServerBuilder<?> builder = NettyServerBuilder.forAddress(new InetSocketAddress(requestedPort))
                .addService(service)
                .addService(ProtoReflectionServiceV1.newInstance());
        try {
            server = builder.build().start();
        } catch (IOException e) {
            startFailure = e;
            throw e;
        }
        LOG.info("Fivetran Partner SDK server listening on port {} (IPv4 and IPv6)", server.getPort());
    }

    /** Why the server could not listen (the port taken, not allowed), if it could not. */
    public IOException startFailure() {
        return startFailure;
    }

    /** The port listened on, once started. */
    public int port() {
        return server.getPort();
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (server == null) {
            return;
        }
        LOG.info("Stopping the Partner SDK server: calls under way have {} s to finish", drain.toSeconds());
        server.shutdown();
        if (!server.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("Calls still under way after {} s are cancelled; an Update resumes from its last checkpoint", drain.toSeconds());
            server.shutdownNow();
            server.awaitTermination(10, TimeUnit.SECONDS);
        }
        updateThreads.shutdown();
        if (!updateThreads.awaitTermination(10, TimeUnit.SECONDS)) {
            updateThreads.shutdownNow();
        }
        server = null;
    }
}
