package io.tidemark.partner;

import io.tidemark.config.ConfigException;
import io.tidemark.config.LayeredProperties;
import io.tidemark.config.Setting;
import io.tidemark.config.Settings;
import io.tidemark.config.TidemarkConfig;
import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Partner SDK's {@code configuration} map (the form's fields, see {@link ConnectorForm}) as Tidemark's
 * configuration: each field sets its {@code tidemark.*} property over the server's own layers
 * ({@code config/application.properties}, environment, system properties), so monitor thresholds, cursor columns
 * and session limits still come from there, and every value passes the same validation as on the command line.
 * A wrong value is one line naming the form field, never the password.
 */
public final class ConnectorConfiguration {
    static final String HOST = "host";
    static final String PORT = "port";
    static final String DATABASE = "database";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final List<String> REQUIRED = List.of(HOST, PORT, DATABASE, USERNAME, PASSWORD);

    /** The optional fields and the setting each one sets, in the form's order. */
    static final Map<String, Setting<?>> OPTIONAL = optionalFields();
    static final String RETRY_SLEEP_SECONDS = "retry_sleep_seconds";

    /** A host name, an IPv4 address, or an IPv6 address with or without its brackets: nothing that changes the URL. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("\\[?([0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)]?");

    private final Path baseDir;
    private final Map<String, String> env;
    private final Properties system;

    /** The server's own layers, which the fields of each request are put over. */
    public ConnectorConfiguration(Path baseDir, Map<String, String> env, Properties system) {
        this.baseDir = baseDir;
        this.env = env;
        this.system = system;
    }

    private static Map<String, Setting<?>> optionalFields() {
        Map<String, Setting<?>> fields = new LinkedHashMap<>();
        fields.put("schemas", Settings.SOURCE_SCHEMAS);
        fields.put("include_tables", Settings.SOURCE_INCLUDE_TABLES);
        fields.put("exclude_tables", Settings.SOURCE_EXCLUDE_TABLES);
        fields.put("region", Settings.SYNC_REGION);
        fields.put("max_retries", Settings.SYNC_MAX_RETRIES);
        fields.put(RETRY_SLEEP_SECONDS, Settings.SYNC_RETRY_DELAY);
        fields.put("table_filters", Settings.SYNC_TABLE_FILTERS);
        fields.put("custom_batch_size", Settings.SYNC_BATCH_SIZE);
        fields.put("custom_threads", Settings.SYNC_THREADS);
        fields.put("custom_queue_size", Settings.SYNC_QUEUE_SIZE);
        return Collections.unmodifiableMap(fields);
    }

    /**
     * Tidemark's configuration for a request's {@code configuration} map. Fields the form does not have are
     * ignored; empty optional fields keep the server's values.
     *
     * @throws ConfigException naming the form field at fault (or the server's property, when that is at fault)
     */
    public TidemarkConfig resolve(Map<String, String> form) {
        Map<String, String> fieldsAsProperties = new LinkedHashMap<>();
        for (String field : REQUIRED) {
            // the form asks for a password; an empty one is passed on, for a server that trusts the login
            if (value(form, field).isEmpty() && !field.equals(PASSWORD)) {
                throw new ConfigException(field, "is required");
            }
        }
        fieldsAsProperties.put(Settings.SOURCE_JDBC_URL.key(), jdbcUrl(value(form, HOST), value(form, PORT), value(form, DATABASE)));
        fieldsAsProperties.put(Settings.SOURCE_USERNAME.key(), value(form, USERNAME));
        fieldsAsProperties.put(Settings.SOURCE_PASSWORD.key(), form.getOrDefault(PASSWORD, ""));
        OPTIONAL.forEach((field, setting) -> {
            String value = value(form, field);
            if (!value.isEmpty()) {
                fieldsAsProperties.put(setting.key(), field.equals(RETRY_SLEEP_SECONDS) ? seconds(value) : value);
            }
        });
        // the request's fields come first: over system properties, which come over the environment and the file
        Properties layers = new Properties();
        layers.putAll(system);
        layers.putAll(fieldsAsProperties);
        try {
            return TidemarkConfig.from(LayeredProperties.load(baseDir, env, layers));
        } catch (ConfigException e) {
            throw inFormTerms(e);
        }
    }

    /** The JDBC URL of the form's host, port and database; each checked so that none can add URL parameters. */
    static String jdbcUrl(String host, String port, String database) {
        String address;
        if (HOST_NAME.matcher(host).matches()) {
            address = host;
        } else if (isIpv6Literal(host)) {
            address = host.startsWith("[") ? host : "[" + host + "]";
        } else {
            throw new ConfigException(HOST, "'" + host + "' is not a host name or IP address");
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1 || number > 65535) {
            throw new ConfigException(PORT, "'" + port + "' is not a port number (1 to 65535)");
        }
        // pgjdbc URL-decodes the database name
        return "jdbc:postgresql://" + address + ":" + number + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** An IPv6 address, bare or in balanced brackets (a literal: parsed without any name lookup). */
    private static boolean isIpv6Literal(String host) {
        Matcher literal = IPV6.matcher(host);
        if (!literal.matches() || host.startsWith("[") != host.endsWith("]")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal.group(1)) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The seed's {@code retry_sleep_seconds} (a number of seconds, fractions allowed) as the duration setting takes it. */
    private static String seconds(String value) {
        try {
            BigDecimal seconds = new BigDecimal(value);
            if (seconds.signum() < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(seconds.movePointRight(3).longValueExact()).toString();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(RETRY_SLEEP_SECONDS, "'" + value + "' is not a number of seconds");
        }
    }

    /** A property's error as the form field's that set it; the URL's as the host's. */
    static ConfigException inFormTerms(ConfigException e) {
        String problem = e.getMessage().substring(e.property().length() + 2);
        if (e.property().equals(Settings.SOURCE_JDBC_URL.key())) {
            return new ConfigException(HOST, problem);
        }
        if (e.property().equals(Settings.SOURCE_USERNAME.key())) {
            return new ConfigException(USERNAME, problem);
        }
        if (e.property().equals(Settings.SOURCE_PASSWORD.key())) {
            return new ConfigException(PASSWORD, problem);
        }
        for (Map.Entry<String, Setting<?>> field : OPTIONAL.entrySet()) {
            if (field.getValue().key().equals(e.property())) {
                return new ConfigException(field.getKey(), problem);
            }
        }
        return e;
    }

    private static String value(Map<String, String> form, String field) {
        String value = form.get(field);
        return value == null ? "" : value.strip();
    }
}
