package io.tidemark.partner;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.tidemark.monitor.ResourceMonitor;
import io.tidemark.partner.sdk.ConfigurationFormRequest;
import io.tidemark.partner.sdk.ConfigurationFormResponse;
import io.tidemark.partner.sdk.SchemaRequest;
import io.tidemark.partner.sdk.SchemaResponse;
import io.tidemark.partner.sdk.SourceConnectorGrpc;
import io.tidemark.partner.sdk.TestRequest;
import io.tidemark.partner.sdk.TestResponse;
import io.tidemark.partner.sdk.UpdateRequest;
import io.tidemark.partner.sdk.UpdateResponse;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fivetran's {@code SourceConnector} service: the form, the setup tests, the schema and the update, each answered
 * by its own class. An {@code Update} runs on {@code updates}, not on gRPC's call thread, so that the stream's
 * flow-control and cancel callbacks reach it while it waits for the client; several calls run at once.
 */
final class SourceConnectorService extends SourceConnectorGrpc.SourceConnectorImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(SourceConnectorService.class);

    private final ConnectorConfiguration configuration;
    private final ConnectionTests tests;
    private final UpdateSync updates;
    private final ExecutorService updateThreads;

    SourceConnectorService(ConnectorConfiguration configuration, ResourceMonitor resources, Supplier<CamelContext> camel,
                           ExecutorService updateThreads, Clock clock) {
        this.configuration = configuration;
        this.tests = new ConnectionTests(configuration);
        this.updates = new UpdateSync(configuration, resources, camel, clock);
        this.updateThreads = updateThreads;
    }

    @Override
    public void configurationForm(ConfigurationFormRequest request, StreamObserver<ConfigurationFormResponse> responses) {
        responses.onNext(ConnectorForm.response());
        responses.onCompleted();
    }

    @Override
    public void test(TestRequest request, StreamObserver<TestResponse> responses) {
        LOG.info("Test {}", request.getName());
        responses.onNext(tests.run(request.getName(), request.getConfigurationMap()));
        responses.onCompleted();
    }

    @Override
    public void schema(SchemaRequest request, StreamObserver<SchemaResponse> responses) {
        try (ConnectorSource source = ConnectorSource.open(configuration.resolve(request.getConfigurationMap()), 1)) {
            responses.onNext(SchemaDescription.of(source.discovery().discover()));
            responses.onCompleted();
        } catch (Exception e) {
            var status = ConnectorFailures.status(e, null);
            LOG.warn("Schema failed: {}", status.getStatus().getDescription());
            responses.onError(status);
        }
    }

    @Override
    public void update(UpdateRequest request, StreamObserver<UpdateResponse> responses) {
        UpdateStream stream = new UpdateStream((ServerCallStreamObserver<UpdateResponse>) responses);
        try {
            updateThreads.execute(() -> updates.run(request, stream));
        } catch (RuntimeException rejected) {
            stream.fail(Status.UNAVAILABLE.withDescription("Tidemark is stopping").asRuntimeException());
        }
    }
}
