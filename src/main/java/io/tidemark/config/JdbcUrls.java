package io.tidemark.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * JDBC URLs as they may be shown (a {@code password=} parameter and a password in {@code user:password@} are masked),
 * and whether two name the same database.
 */
public final class JdbcUrls {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
    /** What identifies a database and the schema unqualified names resolve in, as pgjdbc names them. */
    private static final List<String> IDENTITY = List.of("PGHOST", "PGPORT", "PGDBNAME", "currentSchema");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/?#@:]*:)[^/?#@]*@");

    private JdbcUrls() {
    }

    public static String redact(String url) {
        if (url == null) {
            return "";
        }
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
        return USER_INFO_PASSWORD.matcher(masked).replaceAll("$1****@");
    }

    /**
     * Whether two PostgreSQL JDBC URLs name the same database with the same default schema, as pgjdbc reads them
     * (host names compared ignoring case, the default port filled in). URLs that name one database in different
     * ways (an IP address and a host name) count as different.
     */
    public static boolean sameDatabase(String url, String other) {
        Properties parsed = url == null ? null : Driver.parseURL(url, null);
        Properties otherParsed = other == null ? null : Driver.parseURL(other, null);
        if (parsed == null || otherParsed == null) {
            return false;
        }
        return IDENTITY.stream().allMatch(key -> Objects.equals(comparable(key, parsed), comparable(key, otherParsed)));
    }

    /** Host names are case-insensitive; database and schema names are not. */
    private static String comparable(String key, Properties parsed) {
        String value = parsed.getProperty(key);
        return value != null && key.equals("PGHOST") ? value.toLowerCase(Locale.ROOT) : value;
    }
}
