package io.ssegateway.plugin.auth.support.credential;

/**
 * One accepted secret, kept only as its SHA-256 digest.
 *
 * @param digest   SHA-256 of the secret's UTF-8 bytes
 * @param identity who presents it
 * @param origin   where it was configured, such as {@code line 3} or {@code entry 2}; for messages
 */
record Credential(byte[] digest, String identity, String origin) {
}
