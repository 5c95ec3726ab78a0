/**
 * The one package that reaches into Helidon's internals: every private field, package-private method and internal
 * class of Helidon the gateway uses is declared in {@link io.ssegateway.gateway.helidon.HelidonInternals} and looked
 * up once there, and only the small public classes here use them; the relay calls those. Nothing else in the gateway
 * uses reflection ({@code HelidonInternalsTest} checks the sources). No JDK internals are reached: the socket under
 * Helidon's {@code PlainSocket} is a plain {@code java.net.Socket} used through its public API (and
 * {@code sse.LineEnds}' byte-array view is public {@code java.lang.invoke} API, not reflection).
 * <p>
 * Checked against <b>Helidon 4.5.0</b>. A member that does not resolve on another version (renamed, removed,
 * retyped) is logged once at start, with what the gateway then does without it, and its users fall back to
 * Helidon's public way; {@code HelidonInternalsTest} fails the build on such a version, naming the member, so an
 * upgrade re-checks this list instead of silently running slower or differently.
 * <table>
 * <caption>What is reached, what for, and what happens where it does not resolve</caption>
 * <tr><th>Helidon class and member</th><th>Used by, for</th><th>Without it</th></tr>
 * <tr><td>{@code common.socket.PlainSocket.delegate} (field, read)</td>
 *     <td>{@link io.ssegateway.gateway.helidon.SocketReset}: SO_LINGER 0, so closing an upstream resets it;
 *     {@link io.ssegateway.gateway.helidon.SocketInput#shutdown}: ends a request body read at the first-byte
 *     deadline</td>
 *     <td>upstreams are closed with a FIN (an origin may see the end up to a minute late); a body still arriving at
 *     the deadline ends the connection without a 408 (INFO)</td></tr>
 * <tr><td>{@code common.socket.PlainSocket.readBuffer} (private final field, <b>written</b>)</td>
 *     <td>{@link io.ssegateway.gateway.helidon.SocketReadBuffer}: shrinks Helidon's 8 KiB read buffer of a
 *     watched client socket and of an upstream read by the relay itself</td>
 *     <td>every socket keeps 8 KiB (more memory per stream) (INFO)</td></tr>
 * <tr><td>{@code common.socket.PlainSocket.inputStream} (field, read)</td>
 *     <td>{@link io.ssegateway.gateway.helidon.SocketInput#of}: the relay's chunked and close-delimited upstream
 *     bodies, and the client watch, read the socket into their own buffer</td>
 *     <td>read through Helidon's reader: the same bytes, more garbage per read and a deeper parked stack
 *     (INFO)</td></tr>
 * <tr><td>{@code webclient.http1.Http1ClientResponseImpl.connection} (field, read)</td>
 *     <td>{@link io.ssegateway.gateway.helidon.UpstreamConnections}: the relay reads an upstream body from the
 *     connection, and the response after interim (1xx) ones</td>
 *     <td>bodies through WebClient's entity stream (slower under load); interim responses answered 502
 *     (WARNING)</td></tr>
 * <tr><td>{@code webclient.http1.Http1CallOutputStreamChain$ClientConnectionOutputStream.connection} (field,
 *     read)</td>
 *     <td>{@link io.ssegateway.gateway.helidon.AbandonedRequest}: closes an upstream connection left with half a
 *     request body</td>
 *     <td>WebClient keeps it until the origin closes it (INFO)</td></tr>
 * <tr><td>{@code webserver.http1.Http1ServerRequest.ctx} (field, read)</td>
 *     <td>{@link io.ssegateway.gateway.helidon.ServerConnections#of}: the client watch (a gone client), chunked
 *     request bodies decoded by the relay</td>
 *     <td>a gone client is noticed at the next write; Helidon decodes chunked bodies (refuses chunk extensions)
 *     (WARNING)</td></tr>
 * <tr><td>{@code webserver.ConnectionHandler.helidonSocket} (field, read)</td>
 *     <td>{@link io.ssegateway.gateway.helidon.ServerConnections#socket}: the client watch reads the socket and
 *     shrinks its buffer; the first-byte deadline shuts a body read</td>
 *     <td>watched through Helidon's reader with its 8 KiB buffer (FINE)</td></tr>
 * <tr><td>{@code webserver.http1.Http1ServerResponse.dataWriter} (field, read) and the class
 *     {@code common.socket.SocketWriterDirect}</td>
 *     <td>{@link io.ssegateway.gateway.helidon.ResponseWriter}: the relay frames an event stream's chunks in one
 *     reused array, only over the synchronous writer</td>
 *     <td>Helidon frames each chunk (two copies per write) (INFO)</td></tr>
 * <tr><td>{@code webserver.http1.Http1ServerResponse.flushHeaders()} and
 *     {@code webserver.http2.Http2ServerResponse.flushHeaders()} (package-private methods, called)</td>
 *     <td>{@link io.ssegateway.gateway.helidon.ResponseHead}: a streamed response's head leaves before its first
 *     event</td>
 *     <td>the head waits for the first event (no EventSource {@code open} on a quiet stream) (WARNING)</td></tr>
 * <tr><td>{@code webserver.http2.Http2ServerResponse.stream} and {@code .ctx} (fields, read)</td>
 *     <td>{@link io.ssegateway.gateway.helidon.Http2Responses}: the HTTP/2 client watch (RST_STREAM, a dropped
 *     connection) and rapid-reset streams not sent upstream</td>
 *     <td>a reset stream is noticed when writes to it stall; reset streams are sent upstream (WARNING)</td></tr>
 * </table>
 * Class names are under {@code io.helidon.}. The one write, to {@code PlainSocket.readBuffer}, relies on
 * {@code Field.setAccessible} still allowing writes to final instance fields (JDK 25 does; JEP 500 plans to warn
 * and later deny it by default, which {@code SocketReadBufferTest} catches).
 */
package io.ssegateway.gateway.helidon;
