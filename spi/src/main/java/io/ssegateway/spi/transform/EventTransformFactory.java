package io.ssegateway.spi.transform;

import io.ssegateway.spi.PluginFactory;

/** The ServiceLoader entry of a transform plugin. */
public interface EventTransformFactory extends PluginFactory<EventTransform> {
}
