package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every setting, given values of the wrong type or shape, through the whole configuration path (layers, typed
 * parsing, the cross-checks of {@link TidemarkConfig}): a value is either accepted or refused with a one-line
 * {@link ConfigException} that names a declared setting (this one, or the one a cross-check says must change with
 * it) and shows no secret. Every setting that is not free text refuses
 * at least one of them, so no typed setting silently takes a wrong value.
 */
class WrongValuesTest {
    private static final List<String> WRONG = List.of("abc", "-1", "1.5", "maybe", "{", "[1]", "PT-1S", "0 0 0", "http//x",
            "jdbc:mysql://h/db", "a b", "🙂", "99999999999999999999");
    /** Free text, lists of names or SQL: any of the values above could be meant. */
    private static final Set<String> FREE_TEXT = Set.of("tidemark.source.username", "tidemark.source.password",
            "tidemark.source.schemas", "tidemark.sink.directory", "tidemark.sink.username", "tidemark.sink.password",
            "tidemark.sink.schema", "tidemark.state.directory", "tidemark.state.username", "tidemark.state.password",
            "tidemark.cluster.username", "tidemark.cluster.password", "tidemark.sync.region", "tidemark.sync.region-column",
            "tidemark.freshness.stale-value", "tidemark.freshness.status-column", "tidemark.fivetran.api-key",
            "tidemark.fivetran.api-secret", "tidemark.fivetran.connection-id", "tidemark.preprocess.sql",
            "tidemark.freshness.query", "tidemark.sync.cursor-columns");

    /** Settings checked only where they apply, with what makes them apply. */
    private static final Map<String, Map<String, String>> APPLIES_WITH = Map.of(
            "tidemark.sink.uri", Map.of("tidemark.sink.type", "endpoint"));

    @Test
    void everyTypedSettingRefusesWrongValuesInOneLineNamingIt() {
        List<String> neverRefused = new ArrayList<>();
        for (Setting<?> setting : Settings.all()) {
            boolean refusedOne = false;
            for (String value : WRONG) {
                Properties system = new Properties();
                APPLIES_WITH.getOrDefault(setting.key(), Map.of()).forEach(system::setProperty);
                system.setProperty(setting.key(), value);
                try {
                    TidemarkConfig.from(LayeredProperties.fromLayers(Map.of(), Map.of(), Map.of(), system));
                } catch (ConfigException e) {
                    refusedOne = true;
                    assertThat(e.getMessage()).as(setting.key() + "=" + value).doesNotContain("\n").doesNotContain("\r");
                    if (setting.secret()) {
                        assertThat(e.getMessage()).as("a secret's value is never shown").doesNotContain(value);
                    }
                    // the setting itself, or the one a cross-check says must change with it
                    assertThat(Settings.named(e.property())).as(setting.key() + "=" + value + ": " + e.getMessage()).isNotNull();
                    assertThat(e.getMessage()).startsWith(e.property() + ": ");
                }
            }
            if (!refusedOne && !FREE_TEXT.contains(setting.key())) {
                neverRefused.add(setting.key());
            }
        }
        assertThat(neverRefused).as("typed settings that took every wrong value").isEmpty();
    }
}
