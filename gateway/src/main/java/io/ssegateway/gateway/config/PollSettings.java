package io.ssegateway.gateway.config;

import java.net.URI;
import java.time.Duration;

/**
 * A route's polled source ({@code source { poll { ... } }}, instead of {@code upstreams}): an HTTP endpoint fetched
 * once per interval for all subscribers, each change of its body an event.
 *
 * @param url      the endpoint (http or https)
 * @param interval time between the end of one fetch and the start of the next
 * @param emit     when an event is made
 * @param linger   how long polling goes on after the last subscriber left
 * @param timeout  the longest one fetch may take (connect and response)
 * @param history  the events kept for {@code Last-Event-ID} replay and long-polls
 */
public record PollSettings(URI url, Duration interval, Emit emit, Duration linger, Duration timeout,
                           ChannelSettings.History history) {
    /** Default interval: 2 s. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    /** Default linger: 30 s. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(30);
    /** Default fetch timeout: 10 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Default history: 100 events for an hour. */
    public static final ChannelSettings.History DEFAULT_HISTORY = new ChannelSettings.History(100,
                                                                                             Duration.ofHours(1));

    /** When a poll makes an event. */
    public enum Emit {
        /** Only when the body differs from the last one (the default). */
        ON_CHANGE,
        /** After every successful fetch, changed or not (a 304 is not one). */
        EVERY
    }
}
