package shebao.servers.elasticsearch;

import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of bin/es-node: runs one real Elasticsearch 8 node in the foreground until SIGTERM/SIGINT.
 *
 * <p>Only two plugins are loaded: netty4 for the HTTP layer, and {@link RootInfoPlugin} for {@code GET /}. The
 * other modules of a distribution
 * (analysis-common, painless, reindex, mapper-extras…) are not published on Maven Central for 8.x. The
 * application segments Chinese itself and indexes tokens with the built-in {@code whitespace} analyzer.
 *
 * <p>Prints one line {@code es-node ready http://127.0.0.1:<P>} on stdout once the node is started, so a
 * harness may wait for it instead of polling (polling GET / for 200 works too). With {@code --port 0} that line
 * is the only way to learn the port, which spares a harness the race of choosing a free port itself.
 */
public final class EsNode {
    // ES redirects System.out/err into loggers once logging is configured; our own lines go to the real streams.
    private static final PrintStream STDOUT = System.out;
    private static final PrintStream STDERR = System.err;

    private EsNode() {}

    public static void main(String[] args) {
        NodeOptions options;
        try {
            options = NodeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            STDERR.println("es-node: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(options);
        } catch (Throwable e) {
            // Without an explicit exit, the threads the half-built node started would keep the JVM alive.
            STDERR.println("es-node: failed to start on port " + options.httpPort() + ": " + e);
            e.printStackTrace(STDERR);
            System.exit(1);
        }
    }

    private static void run(NodeOptions options) throws Exception {
        Environment environment = new Environment(NodeSettings.of(options), null);
        NodeLogging.configure(environment);
        Node node = new ClasspathNode(environment, List.of(Netty4Plugin.class, RootInfoPlugin.class));
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(node, closed), "es-node-shutdown"));
        node.start();
        int port = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
        STDOUT.println("es-node ready http://127.0.0.1:" + port);
        STDOUT.flush();
        closed.await();
    }

    /** Flushes and closes the shards so the data directory is consistent; runs on the JVM's shutdown hook. */
    private static void close(Node node, CountDownLatch closed) {
        try {
            node.prepareForClose();
            node.close();
            if (node.awaitClose(20, TimeUnit.SECONDS) == false) STDERR.println("es-node: close timed out");
        } catch (Exception e) {
            STDERR.println("es-node: close failed: " + e);
        } finally {
            closed.countDown();
        }
    }
}
