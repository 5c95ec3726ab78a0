package io.ssegateway.gateway.observe;

import java.time.Instant;

/**
 * One line of the dashboard's "latest activity": a stream closed, a stream error, a rejected request or a resume.
 *
 * @param time     when it happened
 * @param routeId  the route
 * @param kind     {@code closed}, {@code error}, {@code rejected} or {@code resumed}
 * @param what     the close reason, error kind, rejection reason or resume outcome, lower-case
 * @param streamId the stream, or 0 for a rejected request
 * @param upstream the upstream base URL, or empty
 * @param status   the status sent to the client, or 0 when none was
 * @param events   events relayed on the stream
 * @param millis   the stream's age in milliseconds
 */
public record Activity(Instant time, String routeId, String kind, String what, long streamId, String upstream,
                       int status, long events, long millis) {
}
