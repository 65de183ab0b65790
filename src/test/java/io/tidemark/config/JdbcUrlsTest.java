package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether two JDBC URLs name one database: what decides that a batch and its checkpoint can be one transaction. */
class JdbcUrlsTest {

    @ParameterizedTest(name = "{0} and {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://db:5432/shop                 | jdbc:postgresql://db:5432/shop                     | true
            jdbc:postgresql://db/shop                      | jdbc:postgresql://DB:5432/shop?ApplicationName=x    | true
            jdbc:postgresql://db:5432/shop?password=a      | jdbc:postgresql://db:5432/shop?password=b          | true
            jdbc:postgresql://db:5432/shop                 | jdbc:postgresql://db:5433/shop                     | false
            jdbc:postgresql://db:5432/shop                 | jdbc:postgresql://other:5432/shop                  | false
            jdbc:postgresql://db:5432/shop                 | jdbc:postgresql://db:5432/Shop                     | false
            jdbc:postgresql://db:5432/shop                 | jdbc:postgresql://db:5432/shop?currentSchema=ops   | false
            jdbc:postgresql://db:5432/shop                 | not a url                                          | false
            """)
    void sameDatabase(String url, String other, boolean same) {
        assertThat(JdbcUrls.sameDatabase(url, other)).isEqualTo(same);
        assertThat(JdbcUrls.sameDatabase(other, url)).isEqualTo(same);
    }
}
