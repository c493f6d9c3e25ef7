package org.elasticsearch.node;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.List;

/**
 * A real {@link Node} whose plugins come from the classpath. In 8.x the only public constructor loads plugins
 * from a distribution's directories; injecting another {@link PluginsService} needs the package-private
 * {@code Node(NodeConstruction)} constructor and {@code NodeServiceProvider}, hence this class sits in ES's
 * own package. Everything else (cluster service, indices, search, REST layer) is the stock server code.
 */
public class ClasspathNode extends Node {
    public ClasspathNode(Environment environment, List<Class<? extends Plugin>> pluginClasses) {
        super(construct(environment, pluginClasses));
    }

    private static NodeConstruction construct(Environment environment, List<Class<? extends Plugin>> pluginClasses) {
        PluginsLoader emptyLoader = ClasspathPluginsService.emptyLoader();
        NodeServiceProvider provider = new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader loader) {
                return new ClasspathPluginsService(env.settings(), loader, pluginClasses);
            }
        };
        // true = forbidPrivateIndexSettings, as the public constructor of a production node passes.
        return NodeConstruction.prepareConstruction(environment, emptyLoader, provider, true);
    }
}
