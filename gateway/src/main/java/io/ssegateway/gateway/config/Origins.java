package io.ssegateway.gateway.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks and normalises a browser origin: {@code scheme://host[:port]}, as browsers send it in {@code Origin}. */
public final class Origins {
    private static final Pattern ORIGIN = Pattern.compile(
            "([a-z][a-z0-9+.-]*)://(\\[[0-9a-f:.]+]|[a-z0-9_~!$&'()*+,;=%.-]+)(?::(\\d{1,5}))?");

    private Origins() {
    }

    /**
     * The origin in the form browsers send: scheme and host lower case, the scheme's default port left out.
     *
     * @param text an origin such as {@code https://app.example.com:8443}
     * @return the normalised origin
     * @throws IllegalArgumentException with the problem as its message
     */
    public static String normalize(String text) {
        Matcher m = ORIGIN.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("must be \"*\" or an origin scheme://host[:port], without path or"
                                                       + " trailing /");
        }
        String scheme = m.group(1);
        String host = m.group(2);
        String port = m.group(3);
        if (port != null) {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException("port must be 1-65535");
            }
            boolean defaultPort = (scheme.equals("http") && number == 80) || (scheme.equals("https") && number == 443);
            port = defaultPort ? null : String.valueOf(number);
        }
        return scheme + "://" + host + (port == null ? "" : ":" + port);
    }
}
