package io.tidemark.fivetran;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequestInterceptor;

/**
 * Basic auth for the Fivetran endpoint, added by the HTTP client to every request it sends (Fivetran never
 * challenges, so it must go with the first request). Camel's own auth options would put the key and secret in
 * the endpoint URI, which Camel prints in its property summary and debug logs; here they exist only in this
 * object, which never prints them.
 */
public final class FivetranAuth implements HttpClientConfigurer {
    private final String authorization;

    /** No credentials (a dry run): requests go without authorization — a dry run never sends any. */
    public FivetranAuth(String apiKey, String apiSecret) {
        this.authorization = apiKey.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((apiKey + ":" + apiSecret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        if (authorization != null) {
            clientBuilder.addRequestInterceptorFirst((HttpRequestInterceptor) (request, entity, context) ->
                    request.setHeader(HttpHeaders.AUTHORIZATION, authorization));
        }
    }

    @Override
    public String toString() {
        return "FivetranAuth[" + (authorization == null ? "none" : "Basic ****") + "]";
    }
}
