package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.config.ResilienceSettings;
import io.ssegateway.gateway.resilience.Backoff;
import io.ssegateway.spi.monitor.CloseReason;

import java.time.Duration;

/**
 * The decisions of one stream's resume ({@code resilience.resume} of its route): whether an upstream body that
 * ended is resumed, how long to wait before each attempt, how many attempts are left, and what an attempt's answer
 * means. A resumed upstream that ends or breaks before it relays an event with a new id counts as a failed attempt,
 * so the backoff grows and {@code max-attempts} ends the series; one that relayed a new event starts a new series.
 * Not thread safe: one per stream, used by its own thread.
 */
final class ResumePolicy {
    /** What the answer to a resume attempt means. */
    enum Answer {
        /** A 2xx event stream: the stream goes on with it. */
        RESUMED,
        /** 204 No Content: the event stream's "stop reconnecting"; the stream ends as the upstream's end. */
        STOPPED,
        /** Anything else (an error, another status, not an event stream): the attempt failed. */
        FAILED
    }

    private final ResilienceSettings.Resume settings;
    /** Attempts made since the upstream last relayed an event with a new id. */
    private int attempt;

    ResumePolicy(ResilienceSettings.Resume settings) {
        this.settings = settings;
    }

    /**
     * An upstream body ended for {@code reason}; {@code newEvents} says whether it relayed an event with a new id,
     * which starts a new series of attempts. Returns true when it was a resumed upstream that ended without one
     * (worth a warning: the attempt is counted as failed).
     */
    boolean ended(boolean newEvents, CloseReason reason) {
        if (newEvents) {
            attempt = 0;
            return false;
        }
        return attempt > 0 && resumes(reason);
    }

    /**
     * Whether the stream is resumed now: resume is on, the response was resumable (a 2xx event stream), an event
     * with an id was relayed to resume after, the client's stream stands between blocks (a client holding part of a
     * cut-through event cannot take another upstream's events after it), and the reason is one that resumes.
     */
    boolean resumesAfter(CloseReason reason, boolean resumable, String lastId, boolean clientBetweenBlocks) {
        return resumable && settings.enabled() && lastId != null && clientBetweenBlocks && resumes(reason);
    }

    /** Whether an upstream body that closed for this reason is resumed: it broke, or it ended with {@code on-end}. */
    boolean resumes(CloseReason reason) {
        return reason == CloseReason.UPSTREAM_ERROR || reason == CloseReason.UPSTREAM_ENDED && settings.onEnd();
    }

    /** Whether another attempt may be made ({@code max-attempts}). */
    boolean attemptsLeft() {
        return attempt < settings.maxAttempts();
    }

    /**
     * Counts the next attempt and returns the wait before it: the upstream's last {@code retry:} capped at
     * {@code backoff-max}, or else the backoff for this attempt (from {@code backoff-initial}, doubling, jittered).
     */
    Duration nextWait(Long upstreamRetry) {
        Duration wait = upstreamRetry != null
                ? Duration.ofMillis(Math.min(upstreamRetry, settings.backoffMax().toMillis()))
                : Backoff.delay(settings.backoffInitial(), settings.backoffMax(), attempt);
        attempt++;
        return wait;
    }

    /** The number of the attempt last counted (1 for the first of a series). */
    int attempt() {
        return attempt;
    }

    int maxAttempts() {
        return settings.maxAttempts();
    }

    /** What an attempt's answer with this status means; {@code eventStream}: its content type is text/event-stream. */
    static Answer judge(int status, boolean eventStream) {
        if (status == 204) {
            return Answer.STOPPED;
        }
        return status / 100 == 2 && eventStream ? Answer.RESUMED : Answer.FAILED;
    }
}
