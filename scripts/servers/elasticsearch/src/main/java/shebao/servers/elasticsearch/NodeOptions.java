package shebao.servers.elasticsearch;

import java.nio.file.Path;

/**
 * The command line of bin/es-node: {@code --port <P> --data <dir>}. Nothing else is configurable on purpose.
 * Port 0 lets the OS pick a free port; the ready line on stdout then says which one.
 */
record NodeOptions(int httpPort, Path dataDir) {
    static NodeOptions parse(String[] args) {
        Integer port = null;
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = port(required("--port", value));
                case "--data" -> data = Path.of(required("--data", value)).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: es-node --port <P> --data <dir>");
            }
            i++;
        }
        if (port == null || data == null) throw new IllegalArgumentException("usage: es-node --port <P> --data <dir>");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port out of range: " + port);
        return new NodeOptions(port, data);
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, got " + value);
        }
    }

    private static String required(String flag, String value) {
        if (value == null) throw new IllegalArgumentException(flag + " needs a value");
        return value;
    }
}
