/** Static secrets (tokens, keys) of auth plugins: parsed from config and files, kept hashed, reloaded on change. */
package io.ssegateway.plugin.auth.support.credential;
