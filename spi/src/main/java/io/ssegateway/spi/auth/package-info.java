/** Auth plugins: allow or deny a request before any upstream is contacted. */
package io.ssegateway.spi.auth;
