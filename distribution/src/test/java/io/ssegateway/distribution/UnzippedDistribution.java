package io.ssegateway.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The distribution zip the build made, unzipped with its file modes into a folder of the test's. */
final class UnzippedDistribution {
    private final Path home;

    private UnzippedDistribution(Path home) {
        this.home = home;
    }

    /** The zip under test ({@code sse.gateway.zip}, set by the pom). */
    static Path zip() {
        Path zip = Path.of(requiredProperty("sse.gateway.zip"));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: run the tests with `mvn verify`, after `package`");
        }
        return zip;
    }

    /** The name of the single folder in the zip ({@code sse-gateway-<version>}). */
    static String folderName() {
        return requiredProperty("sse.gateway.dist.name");
    }

    /** Opens the zip as a file system whose entries carry their unix modes. */
    static FileSystem openZip() throws IOException {
        return FileSystems.newFileSystem(URI.create("jar:" + zip().toUri()), Map.of("enablePosixFileAttributes", "true"));
    }

    /** Unzips the distribution into {@code target} and returns it. */
    static UnzippedDistribution into(Path target) throws IOException {
        try (FileSystem zip = openZip(); Stream<Path> entries = Files.walk(zip.getPath("/"))) {
            entries.forEach(entry -> copy(entry, target.resolve(entry.toString().substring(1))));
        }
        return new UnzippedDistribution(target.resolve(folderName()));
    }

    /** The gateway's home: the zip's single folder. */
    Path home() {
        return home;
    }

    /** {@code bin/sse-gateway}. */
    Path script() {
        return home.resolve("bin/sse-gateway");
    }

    private static void copy(Path entry, Path destination) {
        try {
            if (Files.isDirectory(entry)) {
                Files.createDirectories(destination);
                return;
            }
            Files.copy(entry, destination, StandardCopyOption.REPLACE_EXISTING);
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(entry);
            Files.setPosixFilePermissions(destination, permissions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unzip " + entry, e);
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests through Maven");
        }
        return value;
    }
}
