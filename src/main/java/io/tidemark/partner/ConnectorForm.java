package io.tidemark.partner;

import io.tidemark.config.Settings;
import io.tidemark.partner.sdk.ConfigurationFormResponse;
import io.tidemark.partner.sdk.ConfigurationTest;
import io.tidemark.partner.sdk.FormField;
import io.tidemark.partner.sdk.TextField;
import java.time.Duration;

/**
 * The setup form Fivetran shows for Tidemark (the fields {@link ConnectorConfiguration} reads), and the two
 * setup tests {@link ConnectionTests} runs. Defaults shown are Tidemark's declared ones.
 */
public final class ConnectorForm {
    static final String CONNECT_TEST = "connect";
    static final String SELECT_TEST = "select";

    private ConnectorForm() {
    }

    public static ConfigurationFormResponse response() {
        return ConfigurationFormResponse.newBuilder()
                .setSchemaSelectionSupported(true)
                .setTableSelectionSupported(true)
                .addFields(text(ConnectorConfiguration.HOST, "Host", "PostgreSQL server's host name or IP address", true)
                        .setPlaceholder("db.example.com"))
                .addFields(text(ConnectorConfiguration.PORT, "Port", "PostgreSQL server's port", true).setDefaultValue("5432"))
                .addFields(text(ConnectorConfiguration.DATABASE, "Database", "The database to replicate", true))
                .addFields(text(ConnectorConfiguration.USERNAME, "User", "A user that may SELECT the tables to replicate"
                        + " and has USAGE on their schemas; a read-only role is enough", true))
                .addFields(field(ConnectorConfiguration.PASSWORD, "Password", "The user's password", true)
                        .setTextField(TextField.Password))
                .addFields(text("schemas", "Schemas", "Comma-separated schemas to look in; empty for every non-system schema", false))
                .addFields(text("include_tables", "Include tables", "Comma-separated globs on schema.table (* and ?);"
                        + " empty for every table", false).setPlaceholder("public.orders, sales.*"))
                .addFields(text("exclude_tables", "Exclude tables", "Comma-separated globs on schema.table; an exclude wins"
                        + " over an include", false))
                .addFields(text("region", "Region", "When set, only rows whose column '" + Settings.SYNC_REGION_COLUMN.defaultValue()
                        + "' equals it, in every table that has that column", false))
                .addFields(text("max_retries", "Max retries", "Retries of a transient database failure, per page", false)
                        .setDefaultValue(Settings.SYNC_MAX_RETRIES.defaultValue()))
                .addFields(text(ConnectorConfiguration.RETRY_SLEEP_SECONDS, "Retry sleep (seconds)", "First wait before a retry;"
                        + " it doubles with each retry", false)
                        .setDefaultValue(Long.toString(Duration.parse(Settings.SYNC_RETRY_DELAY.defaultValue()).toSeconds())))
                .addFields(text("table_filters", "Table filters", "JSON: per table, the columns, cursor and row filter to"
                        + " read, e.g. {\"public.orders\": {\"where\": \"status <> 'test'\"}}", false))
                .addFields(text("custom_batch_size", "Batch size", "Rows per page; 0 lets the resource monitor decide", false)
                        .setDefaultValue("0"))
                .addFields(text("custom_threads", "Tables at once", "Tables read at once per size category; 0 lets the"
                        + " resource monitor decide", false).setDefaultValue("0"))
                .addFields(text("custom_queue_size", "Queue size", "Tables waiting per size category; 0 for the default",
                        false).setDefaultValue("0"))
                .addTests(ConfigurationTest.newBuilder().setName(CONNECT_TEST).setLabel("Connecting to PostgreSQL"))
                .addTests(ConfigurationTest.newBuilder().setName(SELECT_TEST).setLabel("Checking read access to the selected tables"))
                .build();
    }

    private static FormField.Builder text(String name, String label, String description, boolean required) {
        return field(name, label, description, required).setTextField(TextField.PlainText);
    }

    private static FormField.Builder field(String name, String label, String description, boolean required) {
        return FormField.newBuilder().setName(name).setLabel(label).setDescription(description).setRequired(required);
    }
}
