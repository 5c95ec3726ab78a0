/** The "access-log" monitor: one log line per stream open, stream close and rejected request. */
package io.ssegateway.plugin.monitor.accesslog;
