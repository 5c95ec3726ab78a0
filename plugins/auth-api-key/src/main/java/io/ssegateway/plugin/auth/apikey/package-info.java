/** The {@code api-key} auth plugin: static API keys from a header, a query parameter or a cookie. */
package io.ssegateway.plugin.auth.apikey;
