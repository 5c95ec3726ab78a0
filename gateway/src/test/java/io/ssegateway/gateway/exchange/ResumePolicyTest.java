package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.config.ResilienceSettings;
import io.ssegateway.spi.monitor.CloseReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decisions of a stream's resume, without an upstream: when it resumes, how long it waits, when it stops. */
class ResumePolicyTest {
    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(1000);

    private static ResumePolicy policy(boolean enabled, int maxAttempts, boolean onEnd) {
        return new ResumePolicy(new ResilienceSettings.Resume(enabled, maxAttempts, INITIAL, MAX, onEnd));
    }

    @Test
    void aBrokenUpstreamIsResumedAnEndedOneOnlyWithOnEnd() {
        ResumePolicy brokenOnly = policy(true, 3, false);
        assertTrue(brokenOnly.resumesAfter(CloseReason.UPSTREAM_ERROR, true, "7", true));
        assertFalse(brokenOnly.resumesAfter(CloseReason.UPSTREAM_ENDED, true, "7", true));
        assertTrue(policy(true, 3, true).resumesAfter(CloseReason.UPSTREAM_ENDED, true, "7", true));
        for (CloseReason other : new CloseReason[] {CloseReason.CLIENT_GONE, CloseReason.SHUTDOWN,
                CloseReason.WRITE_STALL, CloseReason.EVENT_TOO_LARGE, CloseReason.AUTH_EXPIRED}) {
            assertFalse(policy(true, 3, true).resumesAfter(other, true, "7", true), other.name());
        }
    }

    @Test
    void noResumeWithoutEverythingItNeeds() {
        ResumePolicy on = policy(true, 3, false);
        assertFalse(policy(false, 3, false).resumesAfter(CloseReason.UPSTREAM_ERROR, true, "7", true), "resume off");
        assertFalse(on.resumesAfter(CloseReason.UPSTREAM_ERROR, false, "7", true), "not a 2xx event stream");
        assertFalse(on.resumesAfter(CloseReason.UPSTREAM_ERROR, true, null, true), "no id to resume after");
        assertFalse(on.resumesAfter(CloseReason.UPSTREAM_ERROR, true, "7", false),
                    "the client holds part of a cut-through event");
    }

    @Test
    void theUpstreamsRetryIsTheWaitCappedAtBackoffMax() {
        ResumePolicy policy = policy(true, 5, false);
        assertEquals(Duration.ofMillis(250), policy.nextWait(250L));
        assertEquals(MAX, policy.nextWait(60_000L));
    }

    @Test
    void withoutRetryTheBackoffDoublesUpToItsMaxWithJitter() {
        ResumePolicy policy = policy(true, 10, false);
        long[] caps = {100, 200, 400, 800, 1000, 1000};
        for (long cap : caps) {
            long waited = policy.nextWait(null).toMillis();
            assertTrue(waited >= cap / 2 && waited <= cap, "attempt " + policy.attempt() + " waited " + waited
                    + " ms, not within [" + cap / 2 + ", " + cap + "]");
        }
    }

    @Test
    void maxAttemptsEndsASeriesAndANewEventStartsANewOne() {
        ResumePolicy policy = policy(true, 2, false);
        assertFalse(policy.ended(true, CloseReason.UPSTREAM_ERROR), "the first upstream broke after events");
        assertTrue(policy.attemptsLeft());
        policy.nextWait(null);
        assertEquals(1, policy.attempt());
        assertTrue(policy.ended(false, CloseReason.UPSTREAM_ERROR), "resumed, broke again without a new event");
        assertTrue(policy.attemptsLeft());
        policy.nextWait(null);
        assertFalse(policy.attemptsLeft(), "max-attempts 2 reached");
        assertFalse(policy.ended(true, CloseReason.UPSTREAM_ERROR), "relayed a new event: a new series");
        assertTrue(policy.attemptsLeft());
        assertEquals(0, policy.attempt());
    }

    @Test
    void anEndWithoutAResumeIsNoFailedAttempt() {
        ResumePolicy policy = policy(true, 3, false);
        assertFalse(policy.ended(false, CloseReason.UPSTREAM_ERROR), "no attempt was made yet");
        policy.nextWait(null);
        assertFalse(policy.ended(false, CloseReason.CLIENT_GONE), "the client left: the upstream is not to blame");
    }

    @Test
    void anAttemptsAnswer() {
        assertEquals(ResumePolicy.Answer.RESUMED, ResumePolicy.judge(200, true));
        assertEquals(ResumePolicy.Answer.RESUMED, ResumePolicy.judge(206, true));
        assertEquals(ResumePolicy.Answer.STOPPED, ResumePolicy.judge(204, false), "204: stop reconnecting");
        assertEquals(ResumePolicy.Answer.STOPPED, ResumePolicy.judge(204, true));
        assertEquals(ResumePolicy.Answer.FAILED, ResumePolicy.judge(200, false), "not an event stream");
        assertEquals(ResumePolicy.Answer.FAILED, ResumePolicy.judge(301, true));
        assertEquals(ResumePolicy.Answer.FAILED, ResumePolicy.judge(503, true));
    }
}
