package shebao.servers.elasticsearch;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.env.Environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Log4j set-up the way a distribution's bootstrap does it, from a log4j2.properties written into the node's own
 * config directory: the full INFO log goes to {@code <dir>/logs/es-node.log}, and only warnings reach stderr so a
 * test harness that does not drain the pipe cannot block the node. The appender is not named "console" because
 * ES removes that one when not told to log to the console, and it writes to the file descriptor directly
 * because ES redirects {@code System.out/err} into loggers (which would loop).
 */
final class NodeLogging {
    private static final String PROPERTIES = """
        status = error
        appender.stderr.type = Console
        appender.stderr.name = stderr
        appender.stderr.target = SYSTEM_ERR
        appender.stderr.direct = true
        appender.stderr.layout.type = PatternLayout
        appender.stderr.layout.pattern = [%d{ISO8601}][%-5p][%c{1.}] %m%n
        appender.stderr.filter.threshold.type = ThresholdFilter
        appender.stderr.filter.threshold.level = warn
        appender.file.type = File
        appender.file.name = file
        appender.file.fileName = ${sys:es.logs.base_path}${sys:file.separator}es-node.log
        appender.file.layout.type = PatternLayout
        appender.file.layout.pattern = [%d{ISO8601}][%-5p][%c{1.}] [%node_name]%marker %m%n
        rootLogger.level = info
        rootLogger.appenderRef.stderr.ref = stderr
        rootLogger.appenderRef.file.ref = file
        """;

    private NodeLogging() {}

    /** Must run before any ES class logs (i.e. before the node is constructed). */
    static void configure(Environment environment) throws IOException {
        Path config = environment.configDir();
        Files.createDirectories(config);
        Files.createDirectories(environment.logsDir());
        Files.writeString(config.resolve("log4j2.properties"), PROPERTIES);
        LogConfigurator.registerErrorListener();
        LogConfigurator.configureESLogging();
        LogConfigurator.setNodeName(environment.settings().get("node.name"));
        LogConfigurator.configure(environment, false);
    }
}
