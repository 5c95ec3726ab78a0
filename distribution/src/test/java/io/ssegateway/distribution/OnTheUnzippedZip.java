package io.ssegateway.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests of the unzipped zip: each test class unzips it once, each test gets a work folder, and
 * {@link #gateways} starts the unzipped gateway and stops it after the test.
 */
abstract class OnTheUnzippedZip {
    @TempDir
    static Path unzipped;
    static UnzippedDistribution distribution;

    @RegisterExtension
    static final GatewayProcesses gateways = new GatewayProcesses(() -> distribution);

    @TempDir
    Path work;

    /**
     * Writes {@code test.conf} in {@link #work}: a gateway on {@code 127.0.0.1:<port>} (shutdown-timeout 3s), its admin
     * listener on a free port, no demo upstream, then {@code rest} (routes, channels, ...); returns its path.
     */
    Path writeTestConfig(int port, String rest) throws IOException {
        return Files.writeString(work.resolve("test.conf"), """
                server { host = "127.0.0.1", port = %d, shutdown-timeout = 3s }
                admin { port = 0 }
                demo-upstream { enabled = false }
                """.formatted(port) + rest);
    }

    /** Starts the gateway on {@code config} in {@link #work} and returns once it listens on each of {@code ports}. */
    RunningGateway startGateway(Path config, int... ports) throws IOException, InterruptedException {
        return gateways.start(work, config, ports);
    }

    @BeforeAll
    static void unzip() throws IOException {
        distribution = UnzippedDistribution.into(unzipped);
    }
}
