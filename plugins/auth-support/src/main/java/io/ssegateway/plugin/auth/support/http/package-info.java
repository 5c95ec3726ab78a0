/** The HTTP pieces auth plugins share: the 401 challenge's realm, the Bearer scheme and the token syntax of names. */
package io.ssegateway.plugin.auth.support.http;
