/** Loading the HOCON config, validating all of it at once and turning it into immutable settings. */
package io.ssegateway.gateway.config;
