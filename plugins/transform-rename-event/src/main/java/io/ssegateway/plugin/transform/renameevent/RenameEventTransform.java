package io.ssegateway.plugin.transform.renameevent;

import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;

import java.util.List;
import java.util.Map;

/**
 * Gives events of a mapped type their new type. The type matched is the one a client dispatches, so
 * {@code message} also matches events without an {@code event} field. Other events pass as the same instance.
 */
final class RenameEventTransform implements EventTransform {
    private final Map<String, String> renames;

    RenameEventTransform(Map<String, String> renames) {
        this.renames = Map.copyOf(renames);
    }

    @Override
    public List<SseEvent> apply(SseEvent event, StreamInfo stream) {
        String type = event.effectiveType();
        String target = renames.get(type);
        if (target == null || target.equals(type)) {
            return List.of(event);
        }
        return List.of(event.withType(target));
    }
}
