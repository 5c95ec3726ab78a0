/** An example transform plugin, {@code redact}: hides the values of chosen JSON fields. */
package io.ssegateway.plugin.example.redact;
