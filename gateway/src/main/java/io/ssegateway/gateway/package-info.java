/** The gateway's entry point and the running gateway. */
package io.ssegateway.gateway;
