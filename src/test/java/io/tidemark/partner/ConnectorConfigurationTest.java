package io.tidemark.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tidemark.config.ConfigException;
import io.tidemark.config.TidemarkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

/**
 * The connector form's fields as Tidemark's configuration, over the repository's own
 * {@code config/application.properties}: what each field sets, and each wrong value refused in one line naming
 * its form field, never showing the password.
 */
class ConnectorConfigurationTest {
    private static final String PASSWORD = "Pw-9f2Kq!zX7-unique";

    private final ConnectorConfiguration configuration = new ConnectorConfiguration(Path.of(""), Map.of(), new Properties());

    private static Map<String, String> form() {
        Map<String, String> form = new HashMap<>();
        form.put("host", "db.example.com");
        form.put("port", "5433");
        form.put("database", "sales");
        form.put("username", "reader");
        form.put("password", PASSWORD);
        return form;
    }

    private static Map<String, String> form(String field, String value) {
        Map<String, String> form = form();
        form.put(field, value);
        return form;
    }

    /** Resolving the form fails; the message names {@code field} first and never holds the password. */
    private ConfigException refused(Map<String, String> form, String field) {
        ConfigException e;
        try {
            TidemarkConfig accepted = configuration.resolve(form);
            throw new AssertionError(field + " '" + form.get(field) + "' was accepted, as source URL "
                    + accepted.source().jdbcUrl());
        } catch (ConfigException refused) {
            e = refused;
        }
        assertThat(e.getMessage()).startsWith(field + ": ").doesNotContain(PASSWORD).doesNotContain("\n");
        assertThat(e.property()).isEqualTo(field);
        return e;
    }

    @Test
    void aFullFormResolvesToTheSourceConnection() {
        TidemarkConfig config = configuration.resolve(form());

        assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5433/sales");
        assertThat(config.source().username()).isEqualTo("reader");
        assertThat(config.source().password()).isEqualTo(PASSWORD);
        assertThat(config.source().embedded()).isFalse();
        assertThat(config.source().toString()).doesNotContain(PASSWORD);
        // the server's file still supplies what the form does not set
        assertThat(config.sync().retryDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.source().selector().schemas()).isEmpty();
    }

    @Test
    void fieldsAreStrippedAndAnEmptyPasswordIsAllowed() {
        Map<String, String> form = form();
        form.put("host", "  db.example.com ");
        form.put("port", " 5433");
        form.put("password", "");

        TidemarkConfig config = configuration.resolve(form);

        assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5433/sales");
        assertThat(config.source().password()).isEmpty();
    }

    @Test
    void anIpv6HostGetsBrackets() {
        assertThat(configuration.resolve(form("host", "::1")).source().jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/sales");
        assertThat(configuration.resolve(form("host", "[2001:db8::7]")).source().jdbcUrl())
                .isEqualTo("jdbc:postgresql://[2001:db8::7]:5433/sales");
        assertThat(configuration.resolve(form("host", "10.1.2.3")).source().jdbcUrl()).isEqualTo("jdbc:postgresql://10.1.2.3:5433/sales");
    }

    @Test
    void theDatabaseNameIsUrlEncodedAndDecodesBackInTheDriver() {
        String name = "my db?ssl=false&sslfactory=x/y#z+";
        String url = configuration.resolve(form("database", name)).source().jdbcUrl();

        assertThat(url).startsWith("jdbc:postgresql://db.example.com:5433/");
        String path = url.substring("jdbc:postgresql://db.example.com:5433/".length());
        assertThat(path).doesNotContain("?", "&", "/", "#", " ");
        Properties parsed = Driver.parseURL(url, null);
        assertThat(parsed).isNotNull();
        assertThat(parsed.getProperty("PGDBNAME")).isEqualTo(name);
        assertThat(parsed.getProperty("PGHOST")).isEqualTo("db.example.com");
        assertThat(parsed.getProperty("PGPORT")).isEqualTo("5433");
        assertThat(parsed.getProperty("ssl")).isNull();
        assertThat(parsed.getProperty("sslfactory")).isNull();
    }

    @Test
    void aHostThatWouldChangeTheUrlIsRefused() {
        for (String host : new String[] {"evil?sslfactory=x", "h/x", "user@h", "h:5432/db", "h&x=y", "h x", "-h", "h#x"}) {
            ConfigException e = refused(form("host", host), "host");
            assertThat(e.getMessage()).as(host).contains(host);
        }
    }

    /** Only hex digits, colons and dots, but no IPv6 address: the URL they make names no host pgjdbc can reach. */
    @Test
    void malformedIpv6HostsAreRefused() {
        for (String host : new String[] {"[::1", "::1]", "10.0.0.1:5432", ":"}) {
            refused(form("host", host), "host");
        }
    }

    @Test
    void aPortOutsideOneTo65535IsRefused() {
        for (String port : new String[] {"abc", "0", "70000", "-1", "5432?x=y", "1.5"}) {
            assertThat(refused(form("port", port), "port").getMessage()).as(port).contains("'" + port + "'");
        }
        assertThat(configuration.resolve(form("port", "1")).source().jdbcUrl()).contains(":1/");
        assertThat(configuration.resolve(form("port", "65535")).source().jdbcUrl()).contains(":65535/");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        for (String field : new String[] {"host", "port", "database", "username"}) {
            Map<String, String> missing = form();
            missing.remove(field);
            assertThat(refused(missing, field).getMessage()).isEqualTo(field + ": is required");
            assertThat(refused(form(field, "   "), field).getMessage()).isEqualTo(field + ": is required");
        }
    }

    @Test
    void retrySleepSecondsIsTheRetryDelay() {
        assertThat(configuration.resolve(form("retry_sleep_seconds", "2.5")).sync().retryDelay()).isEqualTo(Duration.ofMillis(2500));
        assertThat(configuration.resolve(form("retry_sleep_seconds", "30")).sync().retryDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(configuration.resolve(form("retry_sleep_seconds", "")).sync().retryDelay())
                .as("an empty field keeps the server's value").isEqualTo(Duration.ofSeconds(5));
        for (String value : new String[] {"-1", "x", "PT5S"}) {
            assertThat(refused(form("retry_sleep_seconds", value), "retry_sleep_seconds").getMessage()).as(value).contains(value);
        }
    }

    @Test
    void optionalFieldsAreCheckedAsTheirSettings() {
        refused(form("custom_batch_size", "-3"), "custom_batch_size");
        refused(form("custom_threads", "many"), "custom_threads");
        refused(form("max_retries", "-1"), "max_retries");
        refused(form("schemas", "a,,b"), "schemas");
        assertThat(configuration.resolve(form("custom_batch_size", "700")).sync().batchSize()).isEqualTo(700);
        assertThat(configuration.resolve(form("max_retries", "2")).sync().maxRetries()).isEqualTo(2);
        assertThat(configuration.resolve(form("region", "eu")).sync().region()).isEqualTo("eu");
    }

    @Test
    void schemasAreAList() {
        assertThat(configuration.resolve(form("schemas", "a, b")).source().selector().schemas()).containsExactly("a", "b");
    }

    @Test
    void includeAndExcludeTablesSelectTables() {
        Map<String, String> form = form();
        form.put("include_tables", "public.order*");
        form.put("exclude_tables", "public.orders_archive");

        TidemarkConfig config = configuration.resolve(form);

        assertThat(config.source().selector().selects("public", "orders")).isTrue();
        assertThat(config.source().selector().selects("public", "orders_archive")).isFalse();
        assertThat(config.source().selector().selects("public", "customers")).isFalse();
        refused(form("include_tables", "no_dot"), "include_tables");
    }

    @Test
    void unknownFieldsAreIgnored() {
        Map<String, String> form = form();
        form.put("not_a_field", "whatever");

        assertThatCode(() -> configuration.resolve(form)).doesNotThrowAnyException();
    }

    @Test
    void thePasswordIsInNoErrorMessage() {
        // every form below carries the password; whichever field is wrong, its message shows none of the others
        refused(form("host", "bad host"), "host");
        refused(form("username", ""), "username");
        Map<String, String> noDatabase = form();
        noDatabase.remove("database");
        refused(noDatabase, "database");
        refused(form("port", "0"), "port");
        refused(form("retry_sleep_seconds", "x"), "retry_sleep_seconds");
        refused(form("custom_batch_size", "-3"), "custom_batch_size");
        refused(form("table_filters", "{not json"), "table_filters");
    }

    @Test
    void serverLayersUnderTheFormStillApply() {
        Properties system = new Properties();
        system.setProperty("tidemark.sync.retry-delay", "PT9S");
        system.setProperty("tidemark.sync.max-retries", "7");
        ConnectorConfiguration withSystem = new ConnectorConfiguration(Path.of(""), Map.of(), system);

        TidemarkConfig config = withSystem.resolve(form("retry_sleep_seconds", "1"));

        assertThat(config.sync().retryDelay()).as("the form wins over the server's layers").isEqualTo(Duration.ofSeconds(1));
        assertThat(config.sync().maxRetries()).isEqualTo(7);
    }

    @Test
    void aWrongServerPropertyIsNamedAsTheServers() {
        Properties system = new Properties();
        system.setProperty("tidemark.sync.small-table-rows", "lots");
        ConnectorConfiguration withSystem = new ConnectorConfiguration(Path.of(""), Map.of(), system);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> withSystem.resolve(form()));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("tidemark.sync.small-table-rows: ").doesNotContain(PASSWORD);
    }
}
