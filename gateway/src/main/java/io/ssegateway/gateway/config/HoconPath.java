package io.ssegateway.gateway.config;

/** Builds and walks HOCON paths as shown in messages: {@code routes[0].upstreams[1]}. */
final class HoconPath {
    private HoconPath() {
    }

    /** The path of an object member. */
    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The path of a list element. */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The enclosing path: {@code routes[0]} for {@code routes[0].id}, {@code routes} for {@code routes[0]}. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
