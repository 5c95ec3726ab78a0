package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ssegateway.gateway.config.ConfigLoader;
import io.ssegateway.gateway.config.GatewaySettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/**
 * distribution/kubernetes/ against the shipped config, so that the two cannot drift: the ConfigMap holds the zip's
 * conf/gateway.conf as it is; that config, with the Deployment's environment, gives the container ports, and its
 * admin listener answers the three probe paths (the unzipped gateway started on it); the grace period covers the
 * preStop sleep, {@code drain.window} and {@code server.shutdown-timeout}; a rollout never takes a pod away before
 * its replacement is ready; the Service and the volume point at what exists.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KubernetesManifestsIT extends OnTheUnzippedZip {
    private static final Path MANIFESTS = Path.of(System.getProperty("sse.gateway.kubernetes.dir", "kubernetes"));

    private Map<String, Object> configMap;
    private Map<String, Object> deployment;
    private Map<String, Object> service;
    private Map<String, Object> container;
    private String shippedConf;

    @BeforeEach
    void read() throws IOException {
        configMap = yaml("configmap.yaml");
        deployment = yaml("deployment.yaml");
        service = yaml("service.yaml");
        container = only(list(map(map(map(deployment, "spec"), "template"), "spec"), "containers"));
        try (FileSystem zip = UnzippedDistribution.openZip()) {
            shippedConf = Files.readString(zip.getPath(UnzippedDistribution.folderName(), "conf/gateway.conf"));
        }
    }

    @Test
    void theConfigMapHoldsTheShippedConfig() {
        assertEquals("ConfigMap", configMap.get("kind"));
        assertEquals(shippedConf, map(configMap, "data").get("gateway.conf"),
                     "configmap.yaml is not the shipped conf/gateway.conf: run distribution/kubernetes/configmap.sh");
    }

    @Test
    void theContainerPortsAreTheConfiguredOnesAndTheAdminListenerIsReachableByTheKubelet() {
        GatewaySettings settings = settingsInThePod();
        assertEquals(settings.server().port(), containerPort("http"), "containerPort http = server.port");
        assertTrue(settings.admin().enabled(), "admin.enabled: the probes need the admin listener");
        assertEquals(settings.admin().port(), containerPort("admin"), "containerPort admin = admin.port");
        String adminHost = settings.admin().host();
        assertFalse(adminHost.startsWith("127.") || adminHost.equals("localhost") || adminHost.equals("::1"),
                    "the kubelet probes the pod's address, but admin.host in the pod is " + adminHost);
    }

    @Test
    void theProbesAskTheAdminPortsHealthPathsAndTheGatewayAnswersThem() throws Exception {
        Map<String, String> probes = Map.of("startupProbe", "/observe/health/started",
                                            "readinessProbe", "/observe/health/ready",
                                            "livenessProbe", "/observe/health/live");
        for (Map.Entry<String, String> probe : probes.entrySet()) {
            Map<String, Object> httpGet = map(map(container, probe.getKey()), "httpGet");
            assertEquals(probe.getValue(), httpGet.get("path"), probe.getKey());
            assertEquals("admin", httpGet.get("port"), probe.getKey());
        }

        // the pod's config and environment, on free ports: the gateway answers every probe path with 200
        int port = FreePort.pick();
        int adminPort = FreePort.pick();
        int demoPort = FreePort.pick();
        Path conf = work.resolve("gateway.conf");
        Files.writeString(conf, (String) map(configMap, "data").get("gateway.conf"));
        Map<String, String> env = ChildEnvironment.withTestJdk();
        env.putAll(podEnvironment());
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("ADMIN_PORT", String.valueOf(adminPort));
        env.put("DEMO_UPSTREAM_PORT", String.valueOf(demoPort));
        env.put("ROUTES_0_UPSTREAMS_0", "http://127.0.0.1:" + demoPort);
        gateways.start(work, List.of("--config", conf.toString()), env, port, adminPort);
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String path : probes.values()) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                        .timeout(Duration.ofSeconds(5)).build();
                Await.until(Duration.ofSeconds(20), () -> status(http, request) == 200,
                            () -> path + " answered " + status(http, request));
            }
        }
    }

    @Test
    void theGracePeriodCoversThePreStopTheDrainWindowAndTheShutdownTimeout() {
        GatewaySettings settings = settingsInThePod();
        Map<String, Object> podSpec = map(map(map(deployment, "spec"), "template"), "spec");
        long grace = ((Number) podSpec.get("terminationGracePeriodSeconds")).longValue();
        long preStop = ((Number) map(map(map(container, "lifecycle"), "preStop"), "sleep").get("seconds"))
                .longValue();
        long needed = preStop + seconds(settings.drain().window()) + seconds(settings.server().shutdownTimeout());
        assertTrue(grace >= needed && grace <= needed + 10,
                   "terminationGracePeriodSeconds " + grace + " should be preStop " + preStop + " s + drain.window "
                           + settings.drain().window() + " + server.shutdown-timeout "
                           + settings.server().shutdownTimeout() + " (= " + needed + " s), with at most 10 s to spare");
    }

    @Test
    void aRolloutReplacesOnePodAtATimeAndOnlyAfterItsReplacementIsReady() {
        Map<String, Object> strategy = map(map(deployment, "spec"), "strategy");
        assertEquals("RollingUpdate", strategy.get("type"));
        assertEquals(0, map(strategy, "rollingUpdate").get("maxUnavailable"));
    }

    @Test
    void theServiceTheSelectorsAndTheConfigVolumeFitTogether() {
        Map<String, Object> labels = map(map(map(deployment, "spec"), "template"), "metadata");
        assertEquals(map(labels, "labels"), map(map(service, "spec"), "selector"), "Service selector = pod labels");
        assertEquals(map(map(map(deployment, "spec"), "selector"), "matchLabels"), map(labels, "labels"),
                     "Deployment selector = pod labels");
        Map<String, Object> servicePort = only(list(map(service, "spec"), "ports"));
        assertEquals("http", servicePort.get("targetPort"), "the Service sends to the public port, not the admin one");

        Map<String, Object> volume = only(list(map(map(map(deployment, "spec"), "template"), "spec"), "volumes"));
        assertEquals(map(configMap, "metadata").get("name"), map(volume, "configMap").get("name"));
        Map<String, Object> mount = only(list(container, "volumeMounts"));
        assertEquals(volume.get("name"), mount.get("name"));
        List<?> command = (List<?>) container.get("command");
        int config = command.indexOf("--config");
        assertEquals(mount.get("mountPath") + "/gateway.conf", command.get(config + 1),
                     "--config names the ConfigMap's gateway.conf where it is mounted");
    }

    /** The shipped config as the pod reads it: the ConfigMap's HOCON with the container's environment. */
    private GatewaySettings settingsInThePod() {
        return ConfigLoader.loadString((String) map(configMap, "data").get("gateway.conf"), distribution.home(),
                                       podEnvironment());
    }

    private Map<String, String> podEnvironment() {
        Map<String, String> env = new HashMap<>();
        for (Object each : (List<?>) container.getOrDefault("env", List.of())) {
            Map<?, ?> variable = (Map<?, ?>) each;
            env.put((String) variable.get("name"), String.valueOf(variable.get("value")));
        }
        return env;
    }

    private int containerPort(String name) {
        for (Object each : list(container, "ports")) {
            Map<?, ?> port = (Map<?, ?>) each;
            if (name.equals(port.get("name"))) {
                return ((Number) port.get("containerPort")).intValue();
            }
        }
        throw new AssertionError("the container has no port named " + name);
    }

    private static long seconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }

    private static int status(HttpClient http, HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(MANIFESTS.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " should be a mapping, is " + value);
        return (Map<String, Object>) value;
    }

    private static List<?> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof List, key + " should be a list, is " + value);
        return (List<?>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> only(List<?> list) {
        assertEquals(1, list.size(), "one element: " + list);
        return (Map<String, Object>) list.getFirst();
    }
}
