package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.config.MaxAgeTables.MaxAge;
import io.tidemark.testing.ConfigFolder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tidemark.freshness.max-age} and {@code tidemark.freshness.mode}: what parses, and the one-line message of
 * everything that does not (the tables themselves are checked against the source by {@code MaxAgeRuleTest}).
 */
class MaxAgeTablesTest {
    private static final String KEY = "tidemark.freshness.max-age";

    @Test
    void everyFieldParsesAndTheFirstMatchingGlobApplies() {
        MaxAgeTables tables = MaxAgeTables.parse("""
                {"public.orders": {"error-after": "PT6H", "warn-after": "PT1H", "column": "updated_at", "connection-id": "abc_def, x-2,abc_def"},
                 "public.*": {"error-after": "P1D"}}
                """);

        assertThat(tables.isEmpty()).isFalse();
        assertThat(tables.entries()).extracting(MaxAge::glob).containsExactly("public.orders", "public.*");
        MaxAge orders = tables.forTable("public.orders").orElseThrow();
        assertThat(orders.errorAfter()).isEqualTo(Duration.ofHours(6));
        assertThat(orders.warnAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(orders.column()).isEqualTo("updated_at");
        assertThat(orders.connectionIds()).as("trimmed, each once, in order").containsExactly("abc_def", "x-2");

        MaxAge rest = tables.forTable("public.items").orElseThrow();
        assertThat(rest.glob()).isEqualTo("public.*");
        assertThat(rest.errorAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(rest.warnAfter()).as("not set").isNull();
        assertThat(rest.column()).as("the detected cursor").isNull();
        assertThat(rest.connectionIds()).as("the configured connections").isNull();

        assertThat(tables.forTable("sales.orders")).isEmpty();
        assertThat(tables.forTable("public.Orders")).as("names match case-sensitively").get()
                .extracting(MaxAge::glob).isEqualTo("public.*");
    }

    @Test
    void emptyMeansNoTables() {
        assertThat(MaxAgeTables.parse("").isEmpty()).isTrue();
        assertThat(MaxAgeTables.parse(" {} ").isEmpty()).isTrue();
        assertThat(MaxAgeTables.none().entries()).isEmpty();
    }

    @Test
    void warnAfterMayEqualErrorAfter() {
        MaxAge entry = MaxAgeTables.parse("{\"public.orders\": {\"error-after\": \"PT1H\", \"warn-after\": \"PT60M\"}}")
                .entries().get(0);

        assertThat(entry.warnAfter()).isEqualTo(entry.errorAfter());
    }

    static Stream<Arguments> refusals() {
        String object = "must be a JSON object keyed by schema.table globs, e.g. {\"public.orders\": {\"error-after\": \"PT6H\"}}";
        return Stream.of(
                Arguments.of("[1]", object),
                Arguments.of("\"PT6H\"", object),
                Arguments.of("{\"public.orders\": \"PT6H\"}",
                        "the entry of 'public.orders' must be an object with error-after (and optionally warn-after, column, connection-id)"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"warn_after\": \"PT1H\"}}",
                        "the entry of 'public.orders' has an unknown field 'warn_after' (error-after, warn-after, column, connection-id)"),
                Arguments.of("{\"public.orders\": {\"warn-after\": \"PT1H\"}}",
                        "the entry of 'public.orders' needs error-after (an ISO-8601 duration such as PT6H)"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"6h\"}}",
                        "the error-after of 'public.orders' must be an ISO-8601 duration such as PT6H or P1D, got '6h'"),
                Arguments.of("{\"public.orders\": {\"error-after\": 21600}}",
                        "the error-after of 'public.orders' must be an ISO-8601 duration such as PT6H or P1D, got 21600"),
                Arguments.of("{\"public.orders\": {\"error-after\": null}}",
                        "the error-after of 'public.orders' must be an ISO-8601 duration such as PT6H or P1D, got null"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT0S\"}}",
                        "the error-after of 'public.orders' must be longer than zero, got PT0S"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"-PT1H\"}}",
                        "the error-after of 'public.orders' must be longer than zero, got -PT1H"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"warn-after\": \"P1W\"}}",
                        "the warn-after of 'public.orders' must be an ISO-8601 duration such as PT6H or P1D, got 'P1W'"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"warn-after\": \"PT0S\"}}",
                        "the warn-after of 'public.orders' must be longer than zero, got PT0S"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"warn-after\": \"PT7H\"}}",
                        "the warn-after of 'public.orders' (PT7H) must not exceed its error-after (PT6H)"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"column\": \" \"}}",
                        "the column of 'public.orders' must be a non-empty string"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"column\": [\"updated_at\"]}}",
                        "the column of 'public.orders' must be a non-empty string"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"connection-id\": \"\"}}",
                        "the connection-id of 'public.orders' must be a non-empty string"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"connection-id\": [\"abc\"]}}",
                        "the connection-id of 'public.orders' must be a non-empty string"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"connection-id\": \"abc,,def\"}}",
                        "the connection-id of 'public.orders' has an empty item in 'abc,,def'"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"connection-id\": \"abc,\"}}",
                        "the connection-id of 'public.orders' has an empty item in 'abc,'"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"connection-id\": \"abc def\"}}",
                        "the connection-id of 'public.orders' has 'abc def', which is not a Fivetran connection id (1 to 64 of A-Z, a-z, 0-9, _ and -)"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\", \"connection-id\": \"" + "a".repeat(65) + "\"}}",
                        "the connection-id of 'public.orders' has '" + "a".repeat(65)
                                + "', which is not a Fivetran connection id (1 to 64 of A-Z, a-z, 0-9, _ and -)"),
                Arguments.of("{\"orders\": {\"error-after\": \"PT6H\"}}",
                        "'orders' is not a schema.table glob (use * and ?, e.g. public.order*)"),
                Arguments.of("{\"public.order[s]\": {\"error-after\": \"PT6H\"}}",
                        "'public.order[s]' uses '[', which globs here do not support (only * and ?)"),
                Arguments.of("{\"public.orders\": {\"error-after\": \"PT6H\"}, \"public.orders\": {\"error-after\": \"PT1H\"}}",
                        "is not valid JSON: Duplicate field 'public.orders'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void everyProblemIsOneLineNamingTheProperty(String json, String problem) {
        assertThat(refused(() -> MaxAgeTables.parse(json))).hasMessage(KEY + ": " + problem);
    }

    @Test
    void badJsonIsRefusedWithTheParsersReason() {
        assertThat(refused(() -> MaxAgeTables.parse("{\"public.orders\": {\"error-after\": \"PT6H\"}")))
                .hasMessageStartingWith(KEY + ": is not valid JSON: Unexpected end-of-input");
        assertThat(refused(() -> MaxAgeTables.parse("{public.orders: {}}")))
                .hasMessageStartingWith(KEY + ": is not valid JSON: Unexpected character ('p'");
    }

    // ---------------------------------------------------------------------------------------------------------
    // the properties in the real config/application.properties

    @Test
    void theShippedDefaultsAreTheRatioRuleAndNoTables(@TempDir Path base) {
        ConfigFolder folder = new ConfigFolder(base);

        TidemarkConfig.MaxAge maxAge = TidemarkConfig.maxAge(folder.load(Map.of(), new Properties()));

        assertThat(maxAge.mode()).isEqualTo(FreshnessMode.RATIO);
        assertThat(maxAge.selected()).isFalse();
        assertThat(maxAge.tables().isEmpty()).isTrue();
        assertThat(Settings.named(KEY)).isSameAs(Settings.FRESHNESS_MAX_AGE);
    }

    @Test
    void maxAgeModeReadsTheTablesFromAnyLayer(@TempDir Path base) {
        ConfigFolder folder = new ConfigFolder(base);
        Map<String, String> env = Map.of("TIDEMARK_FRESHNESS_MAX_AGE", "{\"public.orders\": {\"error-after\": \"PT6H\"}}");
        Properties system = ConfigFolder.system("tidemark.freshness.mode", "max-age");

        folder.config(env, system); // start-up accepts it
        TidemarkConfig.MaxAge maxAge = TidemarkConfig.maxAge(folder.load(env, system));

        assertThat(maxAge.selected()).isTrue();
        assertThat(maxAge.tables().entries()).extracting(MaxAge::glob).containsExactly("public.orders");
    }

    @Test
    void startUpRefusesAnUnknownModeMaxAgeWithoutTablesAndBadJsonInEitherMode(@TempDir Path base) {
        ConfigFolder folder = new ConfigFolder(base);

        assertThat(refused(() -> folder.config(Map.of(), ConfigFolder.system("tidemark.freshness.mode", "latest"))))
                .hasMessage("tidemark.freshness.mode: must be one of ratio, max-age, got 'latest'");
        assertThat(refused(() -> folder.config(Map.of(), ConfigFolder.system("tidemark.freshness.mode", "max-age"))))
                .hasMessage(KEY + ": must name at least one schema.table glob while tidemark.freshness.mode is max-age,"
                        + " e.g. {\"public.orders\": {\"error-after\": \"PT6H\"}}");
        assertThat(refused(() -> folder.config(Map.of(), ConfigFolder.system(KEY, "{\"public.orders\": {}}"))))
                .as("checked even while the ratio rule decides")
                .hasMessage(KEY + ": the entry of 'public.orders' needs error-after (an ISO-8601 duration such as PT6H)");
        assertThat(refused(() -> TidemarkConfig.maxAge(folder.load(Map.of(), ConfigFolder.system("tidemark.freshness.mode", "max-age")))))
                .hasMessageStartingWith(KEY + ": must name at least one schema.table glob");
    }

    private static ConfigException refused(Runnable parse) {
        Throwable thrown = catchThrowable(parse::run);
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n", "\r");
        return (ConfigException) thrown;
    }
}
