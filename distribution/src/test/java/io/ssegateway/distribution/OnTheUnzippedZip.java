package io.ssegateway.distribution;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests of the unzipped zip: each test class unzips it once, and each test gets a work folder. */
abstract class OnTheUnzippedZip {
    @TempDir
    static Path unzipped;
    static UnzippedDistribution distribution;

    @TempDir
    Path work;

    @BeforeAll
    static void unzip() throws IOException {
        distribution = UnzippedDistribution.into(unzipped);
    }
}
