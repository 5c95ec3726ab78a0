package io.ssegateway.plugin.monitor.accesslog;

/** Renders an access line as one line of text, with no CR or LF in it. */
interface LineFormat {
    /** The rendered line. */
    String render(AccessLine line);
}
