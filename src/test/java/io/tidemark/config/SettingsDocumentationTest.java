package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The declarations in {@link Settings} are the one source of truth: {@code config/application.properties} holds
 * exactly the declared {@code tidemark.*} keys with the declared defaults, and the README's configuration table
 * is the table rendered from them (on a mismatch, the message shows the table to paste).
 */
class SettingsDocumentationTest {
    static final String TABLE_START = "<!-- settings: rendered from io.tidemark.config.Settings, checked by SettingsDocumentationTest -->";
    private static final int LONGEST_DEFAULT_SHOWN = 40;

    @Test
    void applicationPropertiesHoldsEveryDeclaredSettingWithItsDefault() throws IOException {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(LayeredProperties.APPLICATION_FILE), StandardCharsets.UTF_8)) {
            file.load(reader);
        }
        Map<String, String> inFile = new TreeMap<>();
        file.stringPropertyNames().stream().filter(key -> key.startsWith("tidemark."))
                .forEach(key -> inFile.put(key, file.getProperty(key).trim()));
        Map<String, String> declared = new TreeMap<>();
        Settings.all().forEach(setting -> declared.put(setting.key(), setting.defaultValue()));

        assertThat(inFile).isEqualTo(declared);
    }

    @Test
    void readmeTableIsTheOneRenderedFromTheDeclarations() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(TABLE_START);
        assertThat(start).as("the README's line %s", TABLE_START).isNotNegative();
        int end = start + 1;
        while (end < readme.size() && readme.get(end).startsWith("|")) {
            end++;
        }
        String documented = String.join("\n", readme.subList(start + 1, end));

        assertThat(documented).as("the README's configuration table; the declarations render it as:%n%s%n", rendered())
                .isEqualTo(rendered());
    }

    @Test
    void everyDeclarationIsComplete() {
        assertThat(Settings.all()).allSatisfy(setting -> {
            assertThat(setting.key()).startsWith("tidemark.").doesNotStartWith(Settings.DERIVED_PREFIX);
            assertThat(setting.doc()).isNotBlank().doesNotContain("|", "\n");
            // the default is a valid value
            setting.parse(setting.defaultValue());
        });
        assertThat(Settings.all()).extracting(Setting::key).doesNotHaveDuplicates();
        assertThat(Settings.secretKeys()).contains("tidemark.source.password", "tidemark.fivetran.api-key",
                "tidemark.fivetran.api-secret", "tidemark.source.jdbc-url");
    }

    private static String rendered() {
        return "| property | default | meaning |\n|---|---|---|\n" + Settings.all().stream()
                .map(setting -> "| `" + setting.key() + "` | " + shownDefault(setting.defaultValue()) + " | " + setting.doc() + " |")
                .collect(Collectors.joining("\n"));
    }

    private static String shownDefault(String value) {
        if (value.isEmpty()) {
            return "(empty)";
        }
        return value.length() > LONGEST_DEFAULT_SHOWN ? "see `config/application.properties`" : "`" + value + "`";
    }
}
