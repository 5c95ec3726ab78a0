package io.ssegateway.spi.auth;

import io.ssegateway.spi.PluginFactory;

/** The ServiceLoader entry of an auth plugin. */
public interface AuthenticatorFactory extends PluginFactory<Authenticator> {
}
