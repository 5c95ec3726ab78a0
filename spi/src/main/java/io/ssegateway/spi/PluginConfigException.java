package io.ssegateway.spi;

/** A config problem, reported as {@code <hocon path>: <problem> (got: <value>)}. */
public class PluginConfigException extends RuntimeException {
    private final String path;
    private final String problem;
    private final String value;

    /** A problem at a HOCON path with the offending value. */
    public PluginConfigException(String path, String problem, String value) {
        super(path + ": " + problem + " (got: " + value + ")");
        this.path = path;
        this.problem = problem;
        this.value = value;
    }

    /** The HOCON path of the offending key. */
    public String path() {
        return path;
    }

    /** What was expected or what is wrong. */
    public String problem() {
        return problem;
    }

    /** The value found. */
    public String value() {
        return value;
    }
}
