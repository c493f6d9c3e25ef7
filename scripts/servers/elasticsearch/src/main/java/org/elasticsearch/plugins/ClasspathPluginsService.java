package org.elasticsearch.plugins;

import org.elasticsearch.Version;
import org.elasticsearch.common.settings.Settings;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A PluginsService whose plugins are classes already on the classpath, instead of bundles unpacked under
 * {@code plugins/} and {@code modules/} of a distribution. The published jars have no distribution around them,
 * so this is the only way to load the netty4 HTTP transport. It lives in ES's own package because
 * {@code LoadedPlugin} and {@code loadPlugin} are package-private (ES's test framework does the same in
 * {@code MockPluginsService}).
 */
public class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(Settings settings, PluginsLoader emptyLoader, List<Class<? extends Plugin>> pluginClasses) {
        // No config path and an empty loader: the superclass then finds no bundles on disk.
        super(settings, null, emptyLoader);
        ClassLoader loader = ClasspathPluginsService.class.getClassLoader();
        this.classpathPlugins = pluginClasses.stream()
            .map(pluginClass -> new LoadedPlugin(describe(pluginClass), loadPlugin(pluginClass, settings, null), loader))
            .toList();
    }

    /**
     * A loader with no bundles. The public {@code PluginsLoader.createPluginsLoader} cannot be used: it reads the
     * server's module descriptor, and on a plain classpath the server jar is in the unnamed module (NPE).
     */
    public static PluginsLoader emptyLoader() {
        return new PluginsLoader(Set.of(), Set.of(), Map.of());
    }

    /** What GET /_nodes/plugins reports; the fields that a bundle's plugin-descriptor.properties would hold. */
    private static PluginDescriptor describe(Class<? extends Plugin> pluginClass) {
        return new PluginDescriptor(
            pluginClass.getSimpleName(),
            "classpath plugin " + pluginClass.getName(),
            Version.CURRENT.toString(),
            Version.CURRENT.toString(),
            "17",
            pluginClass.getName(),
            null,
            List.of(),
            false,
            false,
            false,
            false
        );
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }
}
