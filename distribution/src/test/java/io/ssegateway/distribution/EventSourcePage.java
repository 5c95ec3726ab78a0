package io.ssegateway.distribution;

/**
 * The HTML of a page the browser tests load through the gateway: its EventSource reads a stream and records into
 * {@code window} what the tests read back with {@link Browser#number} and {@link Browser#strings}:
 * {@code window.opened} (how many times it opened) and {@code window.received} ({@code <lastEventId>:<data>} of each
 * message, also shown in the page's {@code log}).
 */
final class EventSourcePage {
    private EventSourcePage() {
    }

    /**
     * A page titled {@code title} whose EventSource {@code source} reads {@code url} (relative to the page), with
     * {@code moreScript} (JavaScript, may be empty) after it, such as more listeners on {@code source}.
     */
    static String html(String title, String url, String moreScript) {
        return """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>%s</title></head>
                <body><pre id="log"></pre>
                <script>
                  window.received = [];
                  window.opened = 0;
                  const source = new EventSource("%s");
                  source.onopen = () => { window.opened++; };
                  source.onmessage = e => {
                    window.received.push(e.lastEventId + ":" + e.data);
                    document.getElementById("log").textContent = window.received.join("\\n");
                  };
                %s</script>
                </body></html>
                """.formatted(title, url, moreScript.indent(2));
    }
}
