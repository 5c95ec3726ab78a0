/** The {@code jwt} auth plugin: signed JSON Web Tokens checked against a secret, PEM keys or a JWKS file. */
package io.ssegateway.plugin.auth.jwt;
