package io.tidemark.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.Setting;
import io.tidemark.config.Settings;
import io.tidemark.config.TableSelector;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.source.SourceDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, real PostgreSQL database per test class: on the server named by {@code TIDEMARK_TEST_JDBC_URL}
 * (with {@code TIDEMARK_TEST_USERNAME} / {@code TIDEMARK_TEST_PASSWORD}; the user must be allowed to create
 * databases) or else on one embedded PostgreSQL shared by the whole test run.
 */
public final class TestDatabase implements AutoCloseable {
    /** The seed 002 README's freshness demo: ten active companies, three updated more than 24 hours ago. */
    public static final String SEED_FRESHNESS_DEMO = """
                CREATE TABLE public.customer_data (company_id serial PRIMARY KEY, company_name text NOT NULL,
                    last_update_time timestamptz DEFAULT now(), active boolean DEFAULT true);
                INSERT INTO public.customer_data (company_name, last_update_time) VALUES
                    ('Acme', now() - interval '2 hours'), ('TechStart', now() - interval '6 hours'),
                    ('Global', now() - interval '12 hours'), ('Innovation', now() - interval '18 hours'),
                    ('Data Dynamics', now() - interval '25 hours'), ('Cloud Systems', now() - interval '30 hours'),
                    ('Digital Corp', now() - interval '36 hours'), ('Smart', now() - interval '1 hour'),
                    ('Future', now() - interval '8 hours'), ('Enterprise', now() - interval '15 hours');
                """;

    /** Rows naming their Fivetran connection in {@code connection_id}, judged by {@code state}: conn_a 3 of 5 'old', conn_b none. */
    public static final String CONNECTION_ROWS = """
                CREATE TABLE public.connection_rows (id serial PRIMARY KEY, connection_id text, state text);
                INSERT INTO public.connection_rows (connection_id, state) VALUES
                    ('conn_a', 'old'), ('conn_b', 'new'), ('conn_a', 'new'), ('conn_b', 'new'), ('conn_a', 'old'),
                    ('conn_b', 'new'), ('conn_a', 'old'), ('conn_b', 'new'), ('conn_a', 'new'), ('conn_b', 'new');
                """;

    private static EmbeddedPostgres embedded;

    private final String adminUrl;
    private final String name;
    private final String url;
    private final String username;
    private final String password;
    private final java.util.List<String> roles = new java.util.ArrayList<>();

    private TestDatabase(String adminUrl, String name, String url, String username, String password) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /**
     * An embedded server of its own that checks passwords on TCP (scram-sha-256), as a production server does: the
     * shared test server trusts every login. It has the login role {@code checked_reader} with {@code rolePassword}.
     */
    public static EmbeddedPostgres checkingPasswords(Path dataDirectory, String rolePassword) throws IOException, SQLException {
        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(true).start();
        try (Connection admin = server.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE checked_reader LOGIN PASSWORD '" + rolePassword.replace("'", "''") + "'");
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    local all all trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
            statement.execute("SELECT pg_reload_conf()");
        } catch (IOException | SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Creates a new empty database. */
    public static synchronized TestDatabase create() {
        String adminUrl;
        String user;
        String pass;
        String external = System.getenv("TIDEMARK_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            adminUrl = external;
            user = System.getenv().getOrDefault("TIDEMARK_TEST_USERNAME", "");
            pass = System.getenv().getOrDefault("TIDEMARK_TEST_PASSWORD", "");
        } else {
            // not getJdbcUrl(): its ?user= parameter would override the user a test connects as
            adminUrl = "jdbc:postgresql://localhost:" + embedded().getPort() + "/postgres";
            user = "postgres";
            pass = "";
        }
        String name = "tidemark_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection admin = DriverManager.getConnection(adminUrl, user, pass);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
        }
        return new TestDatabase(adminUrl, name, withDatabase(adminUrl, name), user, pass);
    }

    private static EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return embedded;
    }

    /** {@code jdbc:postgresql://host:port/db?params} with another database name. */
    static String withDatabase(String jdbcUrl, String database) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbcUrl.indexOf('?', slash);
        return jdbcUrl.substring(0, slash + 1) + database + (query < 0 ? "" : jdbcUrl.substring(query));
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    /** Runs SQL statements (one script) in autocommit. */
    public void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Creates a login role (not a superuser: row-level security and privileges apply to it) that may read every
     * table in {@code public}; it is dropped with the database. Returns its name.
     */
    public String createReader(String rolePassword) {
        String role = "tidemark_reader_" + name.substring("tidemark_test_".length());
        try (Connection admin = DriverManager.getConnection(adminUrl, username, password);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + rolePassword.replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create role: " + e.getMessage(), e);
        }
        roles.add(role);
        execute("GRANT USAGE ON SCHEMA public TO " + role + "; GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
        return role;
    }

    /** The source session limits of the default configuration. */
    public static final TidemarkConfig.SessionLimits DEFAULT_LIMITS = new TidemarkConfig.SessionLimits(
            defaultOf(Settings.SOURCE_STATEMENT_TIMEOUT), defaultOf(Settings.SOURCE_LOCK_TIMEOUT));

    private static <T> T defaultOf(Setting<T> setting) {
        return setting.parse(setting.defaultValue());
    }

    /** A read pool on this database configured exactly as Tidemark's own (read-only, autoCommit off, ISO intervals). */
    public HikariDataSource readPool() {
        return SourceDataSource.open(new TidemarkConfig.Source(url, username, password, TableSelector.all(), DEFAULT_LIMITS), 4);
    }

    public String url() {
        return url;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        try (Connection admin = DriverManager.getConnection(adminUrl, username, password);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            for (String role : roles) {
                statement.execute("DROP ROLE IF EXISTS " + role);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }
}
