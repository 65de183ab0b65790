package io.tidemark.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.tidemark.app.TidemarkMain;
import io.tidemark.partner.sdk.ConfigurationFormRequest;
import io.tidemark.partner.sdk.SourceConnectorGrpc;
import io.tidemark.partner.sdk.UpdateRequest;
import io.tidemark.partner.sdk.UpdateResponse;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --port N} as a process: Fivetran's JSON log lines on stdout, the service on IPv4 and IPv6, and SIGTERM
 * letting an {@code Update} under way finish before the process exits.
 */
class PartnerProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        // one slow page: the Update is under way when SIGTERM comes
        db.execute("CREATE TABLE public.slow (id int PRIMARY KEY, note text); INSERT INTO public.slow"
                + " SELECT g, 'row ' || g FROM generate_series(1, 3000) g");
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void servesOnBothStacksLogsJsonAndDrainsAnUpdateOnSigterm(@TempDir Path work) throws Exception {
        Path stdout = work.resolve("stdout");
        Path stderr = work.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), TidemarkMain.class.getName(), "--port", "0");
        builder.directory(Tidemark.REPO_ROOT.toFile());
        builder.redirectOutput(stdout.toFile());
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        try {
            int port = awaitPort(process, stdout);
            ManagedChannel ipv4 = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            assertThat(SourceConnectorGrpc.newBlockingStub(ipv4).configurationForm(ConfigurationFormRequest.getDefaultInstance())
                    .getFieldsCount()).isGreaterThan(5);
            if (hasIpv6Loopback()) {
                ManagedChannel ipv6 = NettyChannelBuilder.forAddress("::1", port).usePlaintext().build();
                assertThat(SourceConnectorGrpc.newBlockingStub(ipv6).configurationForm(ConfigurationFormRequest.getDefaultInstance())
                        .getFieldsCount()).isGreaterThan(5);
                ipv6.shutdownNow();
            }

            URI url = URI.create(db.url().substring("jdbc:".length()));
            Iterator<UpdateResponse> update = SourceConnectorGrpc.newBlockingStub(ipv4).update(UpdateRequest.newBuilder()
                    .putAllConfiguration(Map.of("host", url.getHost(), "port", Integer.toString(url.getPort()),
                            "database", url.getPath().substring(1), "username", db.username(), "password", db.password(),
                            "include_tables", "public.slow", "custom_batch_size", "500",
                            "table_filters", "{\"public.slow\": {\"where\": \"CASE WHEN id = 1500 THEN pg_sleep(2) IS NOT NULL ELSE true END\"}}"))
                    .build());
            assertThat(update.hasNext()).isTrue();
            process.destroy(); // SIGTERM, while the third page sleeps

            List<UpdateResponse> responses = new ArrayList<>();
            update.forEachRemaining(responses::add);
            long upserts = responses.stream().filter(UpdateResponse::hasRecords)
                    .mapToLong(r -> r.getRecords().getRecordsCount()).sum();
            assertThat(upserts).as("the Update under way finished").isEqualTo(3000);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("a JVM ended by SIGTERM, its shutdown done").isEqualTo(128 + 15);
            ipv4.shutdownNow();
        } finally {
            process.destroyForcibly();
        }

        List<String> lines = Files.readAllLines(stdout);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode json = JSON.readTree(line);
            assertThat(json.get("level").asText()).isIn("INFO", "WARNING", "SEVERE");
            assertThat(json.get("message-origin").asText()).isEqualTo("sdk_connector");
            assertThat(json.get("message").asText()).isNotEmpty();
        }
        assertThat(String.join("\n", lines)).contains("Stopping the Partner SDK server").doesNotContain(db.password().isEmpty() ? "\u0000" : db.password());
        assertThat(Files.readString(stderr)).isEmpty();
    }

    @Test
    void aPortThatIsNotANumberIsAConfigurationError() {
        Tidemark.Result result = Tidemark.main(new java.util.Properties(), Map.of(), "--port", "http");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().lines().toList()).hasSize(1);
        assertThat(result.stderr()).startsWith("tidemark: --port takes a port number");
    }

    private static int awaitPort(Process process, Path stdout) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(stdout)) {
                Matcher listening = LISTENING.matcher(Files.readString(stdout));
                if (listening.find()) {
                    return Integer.parseInt(listening.group(1));
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server did not report its port: " + Files.readString(stdout));
    }

    private static boolean hasIpv6Loopback() throws Exception {
        for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
                if (address instanceof Inet6Address && address.isLoopbackAddress()) {
                    return true;
                }
            }
        }
        return false;
    }
}
