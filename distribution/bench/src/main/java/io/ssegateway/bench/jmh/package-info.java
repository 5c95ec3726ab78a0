/**
 * JMH benchmarks of the SSE parser and scanners, and the event streams they are fed with
 * ({@code java -jar distribution/bench/target/sse-gateway-bench.jar}).
 */
package io.ssegateway.bench.jmh;
