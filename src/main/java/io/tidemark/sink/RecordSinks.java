package io.tidemark.sink;

import io.tidemark.config.SinkType;
import io.tidemark.config.TidemarkConfig;
import java.nio.file.Path;

/** The sink {@code tidemark.sink.type} names, built from validated settings. */
public final class RecordSinks {
    private RecordSinks() {
    }

    public static RecordSink create(TidemarkConfig.Sink config, Path baseDir) {
        RecordJson recordJson = new RecordJson(config.flattenJson());
        if (config.type() == SinkType.ENDPOINT) {
            TidemarkConfig.Endpoint endpoint = config.endpoint();
            return new EndpointSink(endpoint.uri(), new MessageCaps(endpoint.maxRecords(), endpoint.maxBytes()), recordJson);
        }
        return new JsonlFileSink(baseDir.resolve(config.directory()), recordJson);
    }
}
