/** Checks on hostile request input before any route sees it: ambiguous paths, header values that carry line breaks. */
package io.ssegateway.gateway.guard;
