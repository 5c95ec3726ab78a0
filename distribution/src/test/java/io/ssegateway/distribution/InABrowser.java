package io.ssegateway.distribution;

import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the browser tests of the unzipped zip: as {@link OnTheUnzippedZip}, and skipped, saying why, when
 * Chromium is not installed ({@link Browser#assumeInstalled()}).
 */
abstract class InABrowser extends OnTheUnzippedZip {
    @BeforeAll
    static void needsABrowser() {
        Browser.assumeInstalled();
    }
}
