package io.tidemark.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.rows.RowBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;

/**
 * Sends each batch to one Camel endpoint ({@code tidemark.sink.uri}) as a JSON array of its records, the same
 * objects as the file sink's lines ({@link RecordJson}), in one message or, within {@link MessageCaps}, several.
 * Headers name the batch ({@link #DATASET}, {@link #RUN_ID}, {@link #BATCH}, {@link #PART}, ...) so a receiver can
 * tell a batch sent again after a failure from a new one.
 *
 * <p>{@link #write} returns only once the endpoint accepted every part: each is sent in-only and synchronously with
 * Camel's {@link ProducerTemplate}, and the exchange's exception, if any, becomes an
 * {@link EndpointDeliveryException}. What "accepted" means is the component's: a 2xx answer for http(s), a file
 * written for {@code file:}, processed by the route for {@code direct:}, queued in memory for {@code seda:}.
 */
public final class EndpointSink implements RecordSink, CamelContextAware {
    public static final String DATASET = "TidemarkDataset";
    public static final String SCHEMA = "TidemarkSchema";
    public static final String TABLE = "TidemarkTable";
    public static final String RUN_ID = "TidemarkRunId";
    public static final String BATCH = "TidemarkBatch";
    public static final String PART = "TidemarkPart";
    public static final String LAST_PART = "TidemarkLastPart";
    public static final String OP = "TidemarkOp";
    public static final String RECORD_COUNT = "TidemarkRecordCount";
    public static final String SYNCED_AT = "TidemarkSyncedAt";
    static final String CONTENT_TYPE = "application/json";

    private final String uri;
    private final MessageCaps caps;
    private final RecordJson recordJson;
    // no separator between two records written by one generator: each record's bytes are taken on their own
    private final JsonFactory jsonFactory = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
    private CamelContext camelContext;
    private ProducerTemplate producer;

    /** @param uri the endpoint, never logged as such: it may carry credentials */
    public EndpointSink(String uri, MessageCaps caps, RecordJson recordJson) {
        this.uri = uri;
        this.caps = caps;
        this.recordJson = recordJson;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** Nothing to prepare: an endpoint has no place per dataset. */
    @Override
    public void prepare(String dataset) {
    }

    @Override
    public void write(RowBatch batch) throws IOException {
        if (batch.rows().isEmpty()) {
            return;
        }
        ProducerTemplate template = producer();
        String syncedAt = DateTimeFormatter.ISO_INSTANT.format(batch.syncedAt());
        String described = batch.dataset() + " batch " + batch.sequence();
        JsonArrayParts parts = new JsonArrayParts(caps, (body, part, records, last) ->
                send(template, batch, syncedAt, body, part, records, last, described), described);
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        RecordJson.Fields fields = recordJson.fields(batch.columns(), batch.op(), syncedAt);
        try (JsonGenerator generator = jsonFactory.createGenerator(record)) {
            for (Object[] row : batch.rows()) {
                recordJson.write(generator, fields, row);
                generator.flush();
                parts.add(record.toByteArray());
                record.reset();
            }
        }
        parts.finish();
    }

    private void send(ProducerTemplate template, RowBatch batch, String syncedAt, byte[] body, int part, int records,
                      boolean last, String described) throws EndpointDeliveryException {
        Exchange sent = template.send(uri, ExchangePattern.InOnly, exchange -> {
            Message message = exchange.getMessage();
            message.setBody(body);
            message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
            // http(s): a webhook takes a POST; other components ignore it
            message.setHeader(Exchange.HTTP_METHOD, "POST");
            message.setHeader(DATASET, batch.dataset());
            message.setHeader(SCHEMA, schema(batch.dataset()));
            message.setHeader(TABLE, table(batch.dataset()));
            message.setHeader(RUN_ID, batch.runId());
            message.setHeader(BATCH, batch.sequence());
            message.setHeader(PART, part);
            message.setHeader(LAST_PART, last);
            message.setHeader(OP, batch.op().label());
            message.setHeader(RECORD_COUNT, records);
            message.setHeader(SYNCED_AT, syncedAt);
        });
        Exception failure = sent.getException();
        if (failure != null) {
            throw EndpointDeliveryException.of(failure, described, part);
        }
    }

    /** The schema of a dataset {@code schema.table}: up to its first dot (a schema holding a dot is cut there). */
    static String schema(String dataset) {
        int dot = dataset.indexOf('.');
        return dot < 0 ? "" : dataset.substring(0, dot);
    }

    /** The table of a dataset {@code schema.table}: after its first dot. */
    static String table(String dataset) {
        return dataset.substring(dataset.indexOf('.') + 1);
    }

    /** One template for every table, created on first use: the CamelContext is set when the sink is bound. */
    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            if (camelContext == null) {
                throw new IllegalStateException("the endpoint sink is not bound to a CamelContext");
            }
            ProducerTemplate template = camelContext.createProducerTemplate();
            try {
                // stopped with the context, releasing the producers it holds
                camelContext.addService(template, true, true);
            } catch (Exception e) {
                throw RuntimeCamelException.wrapRuntimeCamelException(e);
            }
            producer = template;
        }
        return producer;
    }
}
