package io.ssegateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The markdown table of run.sh: one row per scenario, system and run from its JSON lines, the scenario's headline
 * figures in the last column (adapted from the shared tools' report.js, in Java so run.sh needs nothing but a JDK).
 *
 *   java -cp sse-gateway-bench.jar io.ssegateway.bench.Report results/STAMP.jsonl...
 */
public final class Report {
    private static final List<String> SYSTEMS = List.of("direct", "nginx", "gateway", "gateway-transform", "jdk-relay",
            "jdk-fanout", "helidon-fanout");
    private static final List<String> SCENARIOS = List.of("S1", "S2", "S3", "S3X", "S4", "S5", "START");

    private Report() {
    }

    /** Prints the table of the given JSON-lines files. */
    public static void main(String[] args) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String file : args) {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.trim().startsWith("{")) {
                    rows.add(map(new Json(line).value()));
                }
            }
        }
        rows.sort(Comparator.<Map<String, Object>>comparingInt(r -> SCENARIOS.indexOf(str(r.get("scenario"))))
                .thenComparingDouble(r -> num(r.get("run")))
                .thenComparingInt(r -> SYSTEMS.indexOf(str(r.get("system")))));
        String[] head = {"scen", "system", "run", "ok/fail", "events/s", "MB/s", "lat p50 ms", "p99", "max",
            "TTFE p50/p99 ms", "proxy RSS MB idle→peak", "KB/stream", "proxy CPU s", "proxy CPU s/M ev",
            "origin CPU s/M ev", "others CPU s", "lost/dup", "errors", "headline"};
        StringBuilder out = new StringBuilder("| " + String.join(" | ", head) + " |\n|");
        out.append("---|".repeat(head.length)).append('\n');
        for (Map<String, Object> r : rows) {
            out.append("| ").append(String.join(" | ", str(r.get("scenario")).equals("START") ? start(r) : load(r)))
                    .append(" |\n");
        }
        System.out.print(out);
    }

    private static List<String> load(Map<String, Object> r) {
        Map<String, Object> c = map(r.get("client"));
        Map<String, Object> lat = map(c.get("lat_ms"));
        Map<String, Object> ttfe = map(c.get("ttfe_ms"));
        String sc = str(r.get("scenario"));
        List<String> errs = new ArrayList<>();
        if (c.containsKey("rc")) {
            errs.add("client rc " + fmt(c.get("rc"), 0));
        }
        if (num(c.get("peer_closed")) > 0) {
            errs.add(fmt(c.get("peer_closed"), 0) + " closed by peer");
        }
        if (num(c.get("streams_without_events")) > 0) {
            errs.add(fmt(c.get("streams_without_events"), 0) + " silent");
        }
        map(c.get("errors")).forEach((k, v) -> errs.add(fmt(v, 0) + "× " + k));
        double conns = num(c.get("conns"));
        double connected = num(c.get("connected"));
        double never = conns - connected - num(c.get("failed"));
        if (c.containsKey("conns") && never > 0) {
            errs.add(fmt(never, 0) + " never answered");
        }
        if (num(r.get("upstream_open_after")) > 0) {
            errs.add(fmt(r.get("upstream_open_after"), 0) + " origin streams open " + fmt(r.get("drain_s"), 0)
                    + " s after clients left");
        }
        boolean proxied = r.containsKey("proxy_rss_peak_mb");
        double growth = num(r.get("proxy_rss_peak_mb")) - num(r.get("proxy_rss_idle_mb"));
        String perStream = proxied && connected > 0 ? fmt(growth * 1024 / connected, 1) : "-";
        double events = num(c.get("events_total"));
        String cpuPerM = proxied && events > 0 ? fmt(num(r.get("proxy_cpu_s")) * 1e6 / events, 2) : "-";
        String originPerM = events > 0 ? fmt(num(r.get("upstream_cpu_s")) * 1e6 / events, 2) : "-";
        String mbs = fmt(num(c.get("bytes_per_s")) / 1e6, 2);
        String allConnected = fmt(connected, 0) + "/" + fmt(conns, 0) + " connected";
        String headline = switch (sc) {
            case "S1" -> "latency p50 " + fmt(lat.get("p50"), 2) + " ms, p99 " + fmt(lat.get("p99"), 2) + " ms";
            case "S2" -> fmt(c.get("events_per_s"), 0) + " events/s" + (proxied ? ", " + cpuPerM + " proxy CPU s/M events" : "");
            case "S3" -> (proxied ? perStream + " KB RSS per stream, " : "") + allConnected;
            case "S3X" -> allConnected + ", " + (errs.isEmpty() ? "no errors" : errs.size() + " kinds of error");
            case "S4" -> mbs + " MB/s, latency p50 " + fmt(lat.get("p50"), 2) + " ms";
            case "S5" -> s5(r, c, lat, proxied, perStream, cpuPerM);
            default -> "";
        };
        return List.of(sc, str(r.get("system")), fmt(r.get("run"), 0),
                fmt(c.get("connected"), 0) + "/" + fmt(c.get("failed"), 0), fmt(c.get("events_per_s"), 0), mbs,
                fmt(lat.get("p50"), 2), fmt(lat.get("p99"), 2), fmt(lat.get("max"), 1),
                ttfe.isEmpty() ? "-" : fmt(ttfe.get("p50"), 1) + "/" + fmt(ttfe.get("p99"), 1),
                proxied ? fmt(r.get("proxy_rss_idle_mb"), 1) + "→" + fmt(r.get("proxy_rss_peak_mb"), 1) : "-",
                perStream, proxied ? fmt(r.get("proxy_cpu_s"), 2) : "-", cpuPerM, originPerM,
                fmt(r.get("other_cpu_s"), 1), fmt(c.get("lost"), 0) + "/" + fmt(c.get("dup"), 0),
                errs.isEmpty() ? "0" : String.join("; ", errs), headline);
    }

    /**
     * S5's headline: deliveries/s (events received by all clients), latency from the origin's write, proxy CPU per
     * million deliveries, RSS per client, the origin streams opened and the origin's CPU, and how busy the load
     * client and the whole machine were (on 2 cores the client may be the limit).
     */
    private static String s5(Map<String, Object> r, Map<String, Object> c, Map<String, Object> lat, boolean proxied,
            String perClient, String cpuPerM) {
        double runS = num(r.get("run_s"));
        double windowS = num(c.get("window_s"));
        return fmt(c.get("events_per_s"), 0) + " deliveries/s, latency p50 " + fmt(lat.get("p50"), 2) + " p99 "
                + fmt(lat.get("p99"), 2) + " ms" + (proxied ? ", " + cpuPerM + " proxy CPU s/M deliveries, "
                + perClient + " KB RSS per client" : "") + "; origin: " + fmt(r.get("upstream_streams"), 0)
                + " streams, " + fmt(r.get("upstream_cpu_s"), 2) + " CPU s"
                + (runS > 0 ? " (" + fmt(num(r.get("upstream_cpu_s")) / runS, 2) + " cores)" : "")
                + (windowS > 0 ? "; client " + fmt(num(c.get("client_cpu_s")) / windowS, 2) + " cores" : "")
                + (num(c.get("events_window")) > 0 ? " (" + fmt(num(c.get("client_cpu_s")) * 1e6
                / num(c.get("events_window")), 2) + " CPU s/M deliveries)" : "")
                + (runS > 0 ? (proxied ? ", proxy " + fmt(num(r.get("proxy_cpu_s")) / runS, 2) + " cores" : "")
                + ", machine " + fmt(num(r.get("machine_busy_cpu_s")) / runS, 2) + " cores busy" : "");
    }

    private static List<String> start(Map<String, Object> r) {
        Map<String, Object> s = map(r.get("start"));
        String error = s.containsKey("error") ? str(s.get("error")) : s.isEmpty() ? "no result" : "0";
        String headline = s.get("first_event_ms") == null ? "no event: " + error
                : "first event " + fmt(s.get("first_event_ms"), 0) + " ms after launch (port open at "
                  + fmt(s.get("connect_ms"), 0) + " ms), RSS " + fmt(s.get("rss_mb"), 1) + " MB, SIGTERM exit in "
                  + fmt(s.get("stop_ms"), 0) + " ms";
        List<String> row = new ArrayList<>(List.of("START", str(r.get("system")), fmt(r.get("run"), 0)));
        while (row.size() < 17) {
            row.add("-");
        }
        row.add(error);
        row.add(headline);
        return row;
    }

    private static String fmt(Object v, int decimals) {
        if (!(v instanceof Double d) || d.isNaN()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", d);
    }

    private static double num(Object v) {
        return v instanceof Double d ? d : 0;
    }

    private static String str(Object v) {
        return v == null ? "" : v.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A small JSON reader: objects to LinkedHashMap, arrays to List, numbers to Double. */
    private static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        /** The next value. */
        Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    skip();
                    String k = string();
                    skip();
                    i++; // ':'
                    m.put(k, value());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    skip();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && ",}] \t".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String word = s.substring(start, i);
            return switch (word) {
                case "null" -> null;
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> Double.parseDouble(word);
            };
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            i++; // opening quote
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
