package io.ssegateway.gateway.relay;

/**
 * Where the client's stream stands, as its relay loop and its heartbeat see it (both change it under the stream's
 * write lock): what has been written ({@link Written}) and where the written bytes end ({@link Position}), which
 * says what may be inserted (a heartbeat, a final {@code retry:} block, a resumed upstream's events).
 */
final class ClientOutput {
    /** What has been written to the client. */
    enum Written {
        /** Nothing yet: an upstream BOM would still be the client's stream's first bytes. */
        NOTHING,
        /** Bytes were written and flushed. */
        FLUSHED,
        /** Bytes were written and wait for a flush. */
        UNFLUSHED,
        /** The response is being ended ({@link RelayLoop#finish}): nothing more goes in. */
        ENDED
    }

    /** Where the bytes written so far end. */
    enum Position {
        /** Between event blocks: a comment block may go in, and so may another upstream's events. */
        BETWEEN_BLOCKS,
        /** Inside a block being cut through, at a line start: one comment line may go in. */
        IN_BLOCK_AT_LINE_START,
        /** Inside a block being cut through, inside a line: nothing may go in. */
        IN_BLOCK,
        /** Not an event stream: there are no blocks, and nothing may go in. */
        NO_BLOCKS
    }

    private Written written = Written.NOTHING;
    private Position position;

    private ClientOutput(Position position) {
        this.position = position;
    }

    /** The output of an event stream, which starts between blocks. */
    static ClientOutput eventStream() {
        return new ClientOutput(Position.BETWEEN_BLOCKS);
    }

    /** The output of a body that is not an event stream. */
    static ClientOutput plain() {
        return new ClientOutput(Position.NO_BLOCKS);
    }

    /** Bytes were written and wait for a flush. */
    void wrote() {
        written = Written.UNFLUSHED;
    }

    /** A flush is owed: bytes were written since the last one. */
    boolean unflushed() {
        return written == Written.UNFLUSHED;
    }

    /** The written bytes were flushed. */
    void flushed() {
        written = Written.FLUSHED;
    }

    /** A heartbeat was written (and flushed with it): the client's stream has started. */
    void heartbeatWritten() {
        if (written == Written.NOTHING) {
            written = Written.FLUSHED;
        }
    }

    /** Whether anything went to the client yet. */
    boolean started() {
        return written != Written.NOTHING;
    }

    /** The response is being ended: nothing more goes in. */
    void end() {
        written = Written.ENDED;
    }

    boolean ended() {
        return written == Written.ENDED;
    }

    /** Where the written bytes end now (a cut-through block's progress; the end of a block). */
    void position(Position position) {
        this.position = position;
    }

    Position position() {
        return position;
    }

    boolean betweenBlocks() {
        return position == Position.BETWEEN_BLOCKS;
    }
}
