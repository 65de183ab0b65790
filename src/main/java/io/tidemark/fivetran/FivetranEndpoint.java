package io.tidemark.fivetran;

import io.tidemark.config.TidemarkConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The camel-http endpoint of the Fivetran API and the Camel properties the {@code fivetran.yaml} routes read.
 * The credentials are not in it: {@link FivetranAuth} adds them inside the HTTP client, so they are in no
 * URI, property, message or log line.
 */
public final class FivetranEndpoint {
    /** The registry name of the {@link FivetranAuth} the endpoint uses. */
    public static final String AUTH_BEAN = "fivetranAuth";

    private FivetranEndpoint() {
    }

    public static Map<String, String> camelProperties(TidemarkConfig.Fivetran config) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tidemark.effective.fivetran.endpoint", uri(config));
        properties.put("tidemark.effective.fivetran.poll-interval-ms", Long.toString(config.pollInterval().toMillis()));
        properties.put("tidemark.effective.fivetran.retry-delay-ms", Long.toString(config.retryDelay().toMillis()));
        properties.put("tidemark.effective.fivetran.max-retry-delay-ms", Long.toString(config.maxRetryDelay().toMillis()));
        // camel-http takes timeouts per component (its defaults are 3 minutes); only Fivetran uses http here
        for (String component : new String[] {"http", "https"}) {
            properties.put("camel.component." + component + ".connect-timeout", Long.toString(config.connectTimeout().toMillis()));
            properties.put("camel.component." + component + ".connection-request-timeout", Long.toString(config.connectTimeout().toMillis()));
            properties.put("camel.component." + component + ".so-timeout", Long.toString(config.responseTimeout().toMillis()));
            properties.put("camel.component." + component + ".response-timeout", Long.toString(config.responseTimeout().toMillis()));
            // Apache HttpClient would otherwise re-send 429 and 503 answers itself (once, any method, sleeping the
            // whole Retry-After) and idempotent requests after some I/O errors: retries are fivetran-retries' alone
            properties.put("camel.component." + component + ".automatic-retries-disabled", "true");
        }
        return properties;
    }

    /** The configured base URL with the auth bean of the runtime's registry ({@code fivetranAuth}). */
    private static String uri(TidemarkConfig.Fivetran config) {
        String base = config.baseUrl().toString().replaceAll("/+$", "");
        return base + "?throwExceptionOnFailure=true&httpClientConfigurer=#" + AUTH_BEAN;
    }
}
