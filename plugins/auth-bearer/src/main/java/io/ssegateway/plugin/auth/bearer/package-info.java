/** The {@code bearer} auth plugin: static bearer tokens from the config and from a reloaded token file. */
package io.ssegateway.plugin.auth.bearer;
