package shebao.servers.elasticsearch;

import org.elasticsearch.common.settings.Settings;

/**
 * The settings of the single test/CI node: what elasticsearch.yml would hold in a distribution. Everything binds
 * to loopback so nothing is reachable from outside the machine; transport gets an ephemeral port so several
 * nodes (parallel CI jobs) never collide on 9300.
 */
final class NodeSettings {
    private NodeSettings() {}

    static Settings of(NodeOptions options) {
        return Settings.builder()
            .put("cluster.name", "shebao-archive")
            .put("node.name", "es-node")
            .put("path.home", options.dataDir().toString())
            .put("path.data", options.dataDir().resolve("data").toString())
            .put("path.logs", options.dataDir().resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", options.httpPort())
            .put("transport.port", 0)
            .put("discovery.type", "single-node")
            // The real-memory breaker trips on small heaps under GC pressure; the parent limit on reserved bytes stays.
            .put("indices.breaker.total.use_real_memory", false)
            // CI machines have 2 cores shared with the app and the other servers.
            .put("node.processors", 1)
            // A nearly full CI disk must not turn test indices read-only (flood-stage watermark).
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
    }
}
