package io.ssegateway.distribution;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension (register it as a static field): starts {@code bin/sse-gateway} of the unzipped distribution on a
 * config, waits until it listens, and stops what a test started after that test (what a {@code @BeforeAll} started,
 * after the class), forcibly if it is still up. A test that checks the exit status still calls
 * {@link RunningGateway#terminate}.
 */
final class GatewayProcesses implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final Supplier<UnzippedDistribution> distribution;
    private final List<RunningGateway> forTheClass = new ArrayList<>();
    private final List<RunningGateway> forTheTest = new ArrayList<>();
    private boolean inATest;

    GatewayProcesses(Supplier<UnzippedDistribution> distribution) {
        this.distribution = distribution;
    }

    /** Starts it on {@code config}, in {@code work}, on the test's JDK; returns once it listens on each port. */
    RunningGateway start(Path work, Path config, int... ports) throws IOException, InterruptedException {
        return start(work, List.of("--config", config.toString()), ChildEnvironment.withTestJdk(), ports);
    }

    /**
     * Starts it with {@code args} and exactly {@code env}, in {@code work} (its output in {@code work/logs}); returns
     * once it listens on each of {@code ports} (none: at once).
     */
    RunningGateway start(Path work, List<String> args, Map<String, String> env, int... ports)
            throws IOException, InterruptedException {
        RunningGateway gateway = RunningGateway.start(distribution.get().script(), args, env, work,
                                                      work.resolve("logs"));
        (inATest ? forTheTest : forTheClass).add(gateway);
        for (int port : ports) {
            gateway.awaitPort(port, START_LIMIT);
        }
        return gateway;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inATest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        inATest = false;
        stop(forTheTest);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        stop(forTheClass);
    }

    private static void stop(List<RunningGateway> gateways) throws InterruptedException {
        for (RunningGateway gateway : gateways) {
            gateway.close();
        }
        gateways.clear();
    }
}
