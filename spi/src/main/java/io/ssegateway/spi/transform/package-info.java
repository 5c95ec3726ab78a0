/** Transform plugins: change, drop or split parsed events. */
package io.ssegateway.spi.transform;
