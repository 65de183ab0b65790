package io.tidemark.observe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Whether Fivetran's API answers at all (any HTTP answer counts: this checks the network path, not the credentials,
 * which are never sent here), 2 s to connect and 3 s to answer. Registered only when an API key is configured.
 */
public final class FivetranApiHealthCheck extends TidemarkHealthCheck {
    private final URI baseUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FivetranApiHealthCheck(URI baseUrl) {
        super("tidemark-fivetran-api");
        this.baseUrl = baseUrl;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("base_url", baseUrl.toString());
        HttpRequest request = HttpRequest.newBuilder(baseUrl).timeout(Duration.ofSeconds(3)).GET().build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            builder.detail("status", response.statusCode()).up();
        } catch (IOException e) {
            builder.message("Fivetran API unreachable: " + HealthMessages.firstLine(e)).down();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.message("interrupted").down();
        }
    }
}
