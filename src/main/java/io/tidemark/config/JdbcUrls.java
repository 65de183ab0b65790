package io.tidemark.config;

import java.util.regex.Pattern;

/** JDBC URLs as they may be shown: a {@code password=} parameter is masked. */
public final class JdbcUrls {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");

    private JdbcUrls() {
    }

    public static String redact(String url) {
        return url == null ? "" : PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
    }
}
