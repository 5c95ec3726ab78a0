/** End-to-end tests of the unzipped distribution: its layout, its launch script and the gateway it starts. */
package io.ssegateway.distribution;
