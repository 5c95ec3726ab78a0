/**
 * The load tools of the side-by-side benchmark ({@code distribution/bench/run.sh}): an SSE origin, a load client,
 * a start-to-first-event timer and the report that prints the table. Never part of the zip.
 */
package io.ssegateway.bench;
