package io.tidemark.partner;

import io.tidemark.config.ConfigException;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.SelectionCheck;
import io.tidemark.partner.sdk.TestResponse;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The form's setup tests. {@code connect} logs in to the server with the form's credentials; {@code select} also
 * checks that the selection (schemas, include and exclude globs) names existing schemas and at least one table the
 * user may read, with {@code USAGE} on its schema. A failure is one line naming what is wrong, as the command
 * line's configuration errors are; the password never appears.
 */
final class ConnectionTests {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTests.class);

    private final ConnectorConfiguration configuration;

    ConnectionTests(ConnectorConfiguration configuration) {
        this.configuration = configuration;
    }

    TestResponse run(String name, Map<String, String> form) {
        try {
            TidemarkConfig config = configuration.resolve(form);
            switch (name) {
                case ConnectorForm.CONNECT_TEST -> {
                    try (ConnectorSource ignored = ConnectorSource.open(config, 1)) {
                        LOG.info("Test {}: connected", name);
                    }
                }
                case ConnectorForm.SELECT_TEST -> {
                    try (ConnectorSource source = ConnectorSource.open(config, 1)) {
                        SelectionCheck.check(config.source().selector(), config.source().username(),
                                source.discovery().selectionSource());
                        LOG.info("Test {}: the selection can be read", name);
                    }
                }
                default -> {
                    return failure("unknown test '" + name + "' (" + ConnectorForm.CONNECT_TEST + ", " + ConnectorForm.SELECT_TEST + ")");
                }
            }
            return TestResponse.newBuilder().setSuccess(true).build();
        } catch (ConfigException e) {
            return failure(ConnectorConfiguration.inFormTerms(e).getMessage());
        } catch (SQLException e) {
            return failure("the source failed: " + ConnectorFailures.describe(e));
        }
    }

    private static TestResponse failure(String message) {
        LOG.warn("Test failed: {}", message);
        return TestResponse.newBuilder().setFailure(message).build();
    }
}
