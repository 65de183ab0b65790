package io.tidemark.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** What an endpoint failure says: which part of which batch, the status, and no credentials from the URI. */
class EndpointDeliveryExceptionTest {
    @Test
    void namesThePartTheBatchAndTheStatus() {
        EndpointDeliveryException e = EndpointDeliveryException.of(
                new HttpOperationFailedException("https://hooks.example/in", 503, "Service Unavailable", null, Map.of(), ""),
                "public.orders batch 7", 2);

        assertThat(e).hasMessageStartingWith("the endpoint did not accept part 2 of public.orders batch 7: HTTP 503, "
                + "HttpOperationFailedException: ");
        assertThat(e.getCause()).isNull();
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void credentialsInTheFailuresMessageAreMasked() {
        EndpointDeliveryException e = EndpointDeliveryException.of(new IllegalStateException(
                "cannot reach https://hook:S3cretUser@hooks.example/in?authPassword=S3cretOpt&x=1"), "public.t batch 1", 1);

        assertThat(e.getMessage()).doesNotContain("S3cretUser").doesNotContain("S3cretOpt").contains("hooks.example/in");
    }

    @Test
    void aRequestTheReceiverCallsWrongIsNotRetried() {
        assertThat(EndpointDeliveryException.of(
                new HttpOperationFailedException("https://hooks.example/in", 413, "Too Large", null, Map.of(), ""),
                "public.t batch 1", 1).retryable()).isFalse();
    }
}
