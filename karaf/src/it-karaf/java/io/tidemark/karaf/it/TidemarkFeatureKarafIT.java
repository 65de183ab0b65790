package io.tidemark.karaf.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;

import java.io.File;
import javax.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots Karaf, adds the tidemark features repository, installs {@code tidemark} and waits for its Camel context
 * (published as an OSGi service) to start. Opt-in ({@code -Pkaraf-it}): it needs Camel Karaf's bundles of the
 * project's Camel version and a PostgreSQL at {@code TIDEMARK_IT_JDBC_URL} (the component refuses to start
 * without a source URL).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TidemarkFeatureKarafIT {
    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        String version = System.getProperty("tidemark.version");
        return new Option[] {
            karafDistributionConfiguration()
                .frameworkUrl(maven("org.apache.karaf", "apache-karaf", System.getProperty("karaf.version")).type("tar.gz"))
                .unpackDirectory(new File("target/pax-exam"))
                .useDeployFolder(false),
            keepRuntimeFolder(),
            features(maven("io.tidemark", "tidemark-karaf", version).type("xml").classifier("features"), "tidemark"),
            editConfigurationFilePut("etc/io.tidemark.cfg", "tidemark.source.jdbc-url", System.getProperty("tidemark.it.jdbc-url")),
            editConfigurationFilePut("etc/io.tidemark.cfg", "tidemark.source.username", System.getProperty("tidemark.it.username")),
            editConfigurationFilePut("etc/io.tidemark.cfg", "tidemark.source.password", System.getProperty("tidemark.it.password")),
            systemProperty("pax.exam.osgi.unresolved.fail").value("true")
        };
    }

    @Test
    public void theTidemarkContextStarts() throws Exception {
        ServiceTracker<CamelContext, CamelContext> tracker = new ServiceTracker<>(bundleContext,
                bundleContext.createFilter("(&(objectClass=" + CamelContext.class.getName() + ")(camel.context.name=tidemark))"), null);
        tracker.open();
        try {
            CamelContext camel = tracker.waitForService(120_000);
            assertNotNull("the tidemark Camel context is published", camel);
            assertEquals(ServiceStatus.Started, camel.getStatus());
            assertNotNull("the sync cycle route is loaded from the bundle", camel.getRoute("sync-cycle"));
        } finally {
            tracker.close();
        }
    }
}
