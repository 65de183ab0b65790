package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import io.tidemark.extract.BatchReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import io.tidemark.sink.EndpointDeliveryException;
import java.net.ConnectException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class RetryPolicyTest {
    private static CamelContext camel;

    @BeforeAll
    static void camel() {
        camel = new DefaultCamelContext();
    }

    @AfterAll
    static void stopCamel() throws Exception {
        camel.close();
    }

    /** A PSQLException as pgjdbc builds it from a server ErrorResponse with the given SQLSTATE. */
    private static PSQLException serverError(String sqlState) {
        PSQLException e = new PSQLException(new ServerErrorMessage("SERROR\0C" + sqlState + "\0Mfailure " + sqlState + "\0"));
        assertThat(e.getSQLState()).isEqualTo(sqlState);
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08003", "40001", "40P01", "57P01", "57P03", "53300", "53200", "55P03"})
    void transientServerStates(String sqlState) {
        assertThat(RetryPolicy.isTransient(serverError(sqlState))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"42P01", "22P02", "P0001", "57014", "23505", "42501", "XX000", "40003"})
    void permanentServerStates(String sqlState) {
        assertThat(RetryPolicy.isTransient(serverError(sqlState))).isFalse();
    }

    @Test
    void transientExceptionTypes() {
        assertThat(RetryPolicy.isTransient(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(RetryPolicy.isTransient(new java.sql.SQLRecoverableException("connection reset"))).isTrue();
    }

    @Test
    void transientFailureWrappedAsACauseIsStillTransient() {
        assertThat(RetryPolicy.isTransient(new RuntimeException("batch failed", serverError("40P01")))).isTrue();
        assertThat(RetryPolicy.isTransient(new IllegalStateException("outer",
                new RuntimeException("middle", new SQLTransientConnectionException("pool timeout"))))).isTrue();
        assertThat(RetryPolicy.isTransient(new SQLException("wrapper without state", serverError("08006")))).isTrue();
    }

    @Test
    void permanentFailuresAreNotTransient() {
        assertThat(RetryPolicy.isTransient(new IOException("disk full"))).isFalse();
        assertThat(RetryPolicy.isTransient(new UncheckedIOException(new IOException("disk full")))).isFalse();
        assertThat(RetryPolicy.isTransient(new RuntimeException("bug"))).isFalse();
        assertThat(RetryPolicy.isTransient(new RuntimeException("wrapped", serverError("42P01")))).isFalse();
        assertThat(RetryPolicy.isTransient(new SQLException("no state"))).isFalse();
        assertThat(RetryPolicy.isTransient(null)).isFalse();
    }

    @Test
    void statementCancelIsPermanentEvenThoughItsClassIs57() {
        assertThat(RetryPolicy.isTransient(new RuntimeException(serverError("57014")))).isFalse();
    }

    /** The retry Camel asks about is the n-th (1 after the first failure); the table has not begun (no plan). */
    private static boolean shouldRetry(RetryPolicy policy, Exception failure, Integer retry) {
        return policy.shouldRetry(failure, retry, null);
    }

    /**
     * Camel's error handler sets REDELIVERY_COUNTER to n before it evaluates retryWhile for the n-th
     * redelivery (1 after the first failure), so "up to maxRetries retries" means: yes for 1..maxRetries,
     * no from maxRetries + 1 on.
     */
    @Test
    void retriesTransientFailuresUpToMaxRetriesTimes() {
        RetryPolicy policy = new RetryPolicy(3);

        assertThat(shouldRetry(policy, serverError("40001"), null)).isTrue();
        assertThat(shouldRetry(policy, serverError("40001"), 1)).isTrue();
        assertThat(shouldRetry(policy, serverError("40001"), 2)).isTrue();
        assertThat(shouldRetry(policy, serverError("40001"), 3)).as("third retry of three").isTrue();
        assertThat(shouldRetry(policy, serverError("40001"), 4)).as("a fourth retry").isFalse();
        assertThat(shouldRetry(policy, serverError("40001"), 5)).isFalse();
    }

    @Test
    void zeroMaxRetriesNeverRetries() {
        assertThat(shouldRetry(new RetryPolicy(0), serverError("08006"), 1)).isFalse();
    }

    @Test
    void neverRetriesPermanentFailures() {
        RetryPolicy policy = new RetryPolicy(3);

        assertThat(shouldRetry(policy, serverError("42P01"), 1)).isFalse();
        assertThat(shouldRetry(policy, new RuntimeException("bug"), 1)).isFalse();
    }

    @Test
    void retriesOnlyWhenTheReaderCanContinue() {
        RetryPolicy policy = new RetryPolicy(3);

        assertThat(policy.shouldRetry(serverError("08006"), 1, readBy(new FixedReader(true)))).isTrue();
        assertThat(policy.shouldRetry(serverError("08006"), 1, readBy(new FixedReader(false)))).isFalse();
    }

    /**
     * A batch the endpoint sink could not deliver is still the exchange's body: the write step is retried with it,
     * whether or not the reader could read it again.
     */
    @Test
    void endpointFailuresAreRetriedUnlessTheRequestItselfIsWrong() {
        RetryPolicy policy = new RetryPolicy(3);
        Exception down = EndpointDeliveryException.of(new ConnectException("Connection refused"), "public.t batch 1", 1);
        Exception unavailable = EndpointDeliveryException.of(httpFailure(503), "public.t batch 1", 1);
        Exception tooMany = EndpointDeliveryException.of(httpFailure(429), "public.t batch 1", 1);
        Exception badRequest = EndpointDeliveryException.of(httpFailure(400), "public.t batch 1", 1);
        TableContext cannotReread = readBy(new FixedReader(false));

        assertThat(policy.shouldRetry(down, 1, cannotReread)).isTrue();
        assertThat(policy.shouldRetry(unavailable, 3, cannotReread)).isTrue();
        assertThat(policy.shouldRetry(unavailable, 4, cannotReread)).as("a fourth retry").isFalse();
        assertThat(policy.shouldRetry(tooMany, 1, cannotReread)).isTrue();
        assertThat(policy.shouldRetry(badRequest, 1, cannotReread)).isFalse();
        assertThat(policy.shouldRetry(new RuntimeCamelException(unavailable), 1, null)).as("wrapped").isTrue();
    }

    private static HttpOperationFailedException httpFailure(int status) {
        return new HttpOperationFailedException("http://127.0.0.1/hook", status, "status " + status, null, Map.of(), "");
    }

    private static TableContext readBy(BatchReader reader) {
        SourceTable table = new SourceTable(1, "public", "t", false, 10, "reltuples", 8192, null, List.of(), List.of("id"),
                SizeCategory.SMALL);
        TableContext context = new TableContext("run", 1, table, null, new CycleProgress(1));
        context.begin(new TableRun("run", 1, table, 1, Instant.EPOCH));
        context.readBy(SyncPlan.stream("public.t", reader));
        return context;
    }

    /**
     * The exchange as Camel's error handler hands it to retryWhile: the failure has been moved from
     * getException() to the EXCEPTION_CAUGHT property (observed with Camel 4.18); Camel's binding of the
     * policy's failure parameter finds it there.
     */
    @Test
    void seesTheFailureWhereCamelKeepsItDuringRetryWhile() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, serverError("40P01"));
        exchange.getMessage().setHeader(Exchange.REDELIVERY_COUNTER, 1);
        camel.getRegistry().bind("retryPolicy", new RetryPolicy(3));

        assertThat(exchange.getException()).isNull();
        assertThat(camel.resolveLanguage("bean").createPredicate("retryPolicy?method=shouldRetry").matches(exchange)).isTrue();
    }

    /** The policy in a real Camel error handler configured like routes/extract.yaml's table-failures. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void inACamelRouteATransientFailureIsAttemptedMaxRetriesPlusOneTimes(int maxRetries) throws Exception {
        assertThat(attemptsInRoute(maxRetries, () -> serverError("40P01"))).isEqualTo(maxRetries + 1);
    }

    @Test
    void inACamelRouteAPermanentFailureIsAttemptedOnce() throws Exception {
        assertThat(attemptsInRoute(4, () -> serverError("42P01"))).isEqualTo(1);
    }

    private static int attemptsInRoute(int maxRetries, java.util.function.Supplier<Exception> failure) throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("retryPolicy", new RetryPolicy(maxRetries));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    onException(Exception.class)
                            .redeliveryDelay(0)
                            .retryWhile(method("retryPolicy", "shouldRetry"))
                            .handled(true);
                    from("direct:batch").process(exchange -> {
                        attempts.incrementAndGet();
                        throw failure.get();
                    });
                }
            });
            context.start();
            context.createProducerTemplate().sendBody("direct:batch", "batch");
        }
        return attempts.get();
    }

    /** A reader that only answers canRetry(). */
    private record FixedReader(boolean canRetry) implements BatchReader {
        @Override
        public List<Object[]> next(int batchSize) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasMore() {
            return false;
        }

        @Override
        public List<String> columns() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }
}
