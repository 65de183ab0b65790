package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.config.LayeredProperties;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.run.CycleReport;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TidemarkAssembly#bindTo}: a context that a container creates (OSGi does, without Camel Main) runs the real
 * routes from the assembly's beans and properties alone, and resolves nothing from the JVM around it.
 */
class AssemblyOnPlainContextTest {

    @Test
    void aPlainContextBoundToTheAssemblyRunsTheRealRoutes(@TempDir Path work) throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            database.execute("CREATE TABLE public.items (id int PRIMARY KEY, name text);"
                    + " INSERT INTO public.items SELECT g, 'item ' || g FROM generate_series(1, 30) g");
            Properties properties = Tidemark.against(database, work);
            properties.setProperty("tidemark.sync.threads", "3");
            properties.setProperty("tidemark.freshness.enabled", "false");
            LayeredProperties layered = LayeredProperties.load(Tidemark.REPO_ROOT, Map.of(), properties);
            System.setProperty("tidemark.effective.small.threads", "99");
            try (TidemarkAssembly assembly = TidemarkAssembly.build(Tidemark.REPO_ROOT, TidemarkConfig.from(layered), layered,
                    false, Tidemark.CALM);
                 DefaultCamelContext context = new DefaultCamelContext()) {
                assembly.bindTo(context, false);
                PluginHelper.getRoutesLoader(context).loadRoutes(routes(context));
                context.start();

                PropertiesComponent camel = (PropertiesComponent) context.getPropertiesComponent();
                assertThat(camel.getEnvironmentVariableMode()).isEqualTo(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
                assertThat(camel.getSystemPropertiesMode()).isEqualTo(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
                assertThat(context.resolvePropertyPlaceholders("{{tidemark.effective.small.threads}}")).isEqualTo("3");
                assertThat(context.getPropertiesComponent().resolveProperty("tidemark.source.password")).isEmpty();
                assertThat(context.getRegistry().lookupByName("tableExtraction")).isSameAs(assembly.beans().get("tableExtraction"));

                CycleReport report = context.createProducerTemplate().requestBody("direct:sync-cycle", null, CycleReport.class);
                assertThat(report.succeeded()).isTrue();
                assertThat(report.summaryLines()).anySatisfy(line -> assertThat(line).contains("public.items", "30", "success"));
            } finally {
                System.clearProperty("tidemark.effective.small.threads");
            }
        }
    }

    private static List<Resource> routes(DefaultCamelContext context) throws Exception {
        try (Stream<Path> files = Files.list(Tidemark.REPO_ROOT.resolve("routes"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted()
                    .map(file -> ResourceHelper.resolveResource(context, "file:" + file)).toList();
        }
    }
}
