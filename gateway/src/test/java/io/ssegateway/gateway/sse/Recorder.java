package io.ssegateway.gateway.sse;

import io.ssegateway.gateway.testing.ParseVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Runs a parser over reads and records every block it reports, and which reads ended at least one block. */
final class Recorder {
    final SseParser parser;
    final List<ParsedEvent> blocks = new ArrayList<>();
    final List<Boolean> readEndedBlock = new ArrayList<>();

    Recorder(long maxEventSize) {
        parser = new SseParser(maxEventSize, blocks::add);
    }

    /** Parses the reads in order and ends the stream. */
    static Recorder run(List<Chunks.Read> reads, long maxEventSize) {
        Recorder r = new Recorder(maxEventSize);
        for (Chunks.Read read : reads) {
            r.feed(read);
        }
        r.parser.end();
        return r;
    }

    /** Parses all of {@code bytes} as one read. */
    void feed(byte[] bytes) {
        feed(new Chunks.Read(bytes, 0, bytes.length));
    }

    /** Parses one read. */
    void feed(Chunks.Read read) {
        int before = blocks.size();
        try {
            parser.feed(read.array(), read.off(), read.len());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        readEndedBlock.add(blocks.size() > before);
    }

    /** The blocks that dispatch, as a client sees them. */
    List<ParseVector.Dispatched> dispatched() {
        return blocks.stream().filter(ParsedEvent::dispatches).map(ParseVector.Dispatched::of).toList();
    }
}
