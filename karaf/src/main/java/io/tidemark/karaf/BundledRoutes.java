package io.tidemark.karaf;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.osgi.framework.Bundle;

/**
 * The repository's {@code routes/*.yaml}, which the build packages into the bundle, loaded into a context with
 * Camel's routes loader. They are read as {@code classpath:} resources, which a context created for the bundle
 * resolves in the bundle itself.
 */
final class BundledRoutes {
    static final String FOLDER = "routes";

    private BundledRoutes() {
    }

    static void loadInto(CamelContext context, Bundle bundle) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(resources(context, fileNames(bundle)));
    }

    /** The YAML files in the bundle's {@code routes/} folder, by name. */
    static List<String> fileNames(Bundle bundle) {
        List<URL> entries = bundle.findEntries(FOLDER, "*.yaml", false) == null ? List.of()
                : Collections.list(bundle.findEntries(FOLDER, "*.yaml", false));
        if (entries.isEmpty()) {
            throw new IllegalStateException("Bundle " + bundle.getSymbolicName() + " holds no " + FOLDER + "/*.yaml");
        }
        List<String> names = new ArrayList<>();
        for (URL entry : entries) {
            String path = entry.getPath();
            names.add(path.substring(path.lastIndexOf('/') + 1));
        }
        Collections.sort(names);
        return names;
    }

    private static List<Resource> resources(CamelContext context, List<String> fileNames) throws Exception {
        List<Resource> resources = new ArrayList<>();
        for (String name : fileNames) {
            resources.add(ResourceHelper.resolveMandatoryResource(context, "classpath:" + FOLDER + "/" + name));
        }
        return resources;
    }
}
