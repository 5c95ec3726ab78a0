package io.ssegateway.spi.broker;

/**
 * The broker cannot be reached or did not answer in time. The gateway answers a publisher {@code 503} with a JSON
 * body, and keeps subscribers' streams open with heartbeats, asking again until the broker answers.
 *
 * @since SPI 1.2
 */
public class BrokerUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, for the log and the publisher's answer (no secrets: no password, no full URI)
     * @param cause   the client library's exception, or null
     */
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
