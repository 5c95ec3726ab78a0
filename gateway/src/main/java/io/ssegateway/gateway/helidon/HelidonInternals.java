package io.ssegateway.gateway.helidon;

import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.http2.Http2Stream;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webserver.ConnectionContext;

import java.io.InputStream;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Socket;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every private member of Helidon that the gateway reaches, each declared and looked up once, here and nowhere else
 * (the list with what each is for is in {@code package-info.java}). Each was checked against Helidon
 * {@value #CHECKED_AGAINST}. A member that does not resolve (another Helidon version: renamed, removed, retyped)
 * logs once, at its level, what the gateway does without it, and its users fall back; {@code HelidonInternalsTest}
 * fails the build instead.
 */
enum HelidonInternals {
    /** PlainSocket's (and TlsSocket's) JDK socket: SO_LINGER 0 on close, shutdownInput at the first-byte deadline. */
    PLAIN_SOCKET_DELEGATE(Kind.FIELD, "io.helidon.common.socket.PlainSocket", "delegate", Socket.class, Level.INFO,
            "closed upstream sockets send a FIN, not a reset (an origin may see the end late), and a request body"
            + " still arriving at the first-byte deadline ends the connection without a 408 on this version"),
    /** PlainSocket's {@code private final} read buffer, replaced by a smaller one ({@link SocketReadBuffer}). */
    PLAIN_SOCKET_READ_BUFFER(Kind.FIELD, "io.helidon.common.socket.PlainSocket", "readBuffer", byte[].class,
            Level.INFO, "socket read buffers keep Helidon's 8 KiB on this version (more memory per stream)"),
    /** PlainSocket's input stream, read into the gateway's own buffer ({@link SocketInput}). */
    PLAIN_SOCKET_INPUT_STREAM(Kind.FIELD, "io.helidon.common.socket.PlainSocket", "inputStream", InputStream.class,
            Level.INFO, "upstream sockets are read through Helidon's reader on this version (more garbage per read)"),
    /** The connection of a WebClient HTTP/1 response ({@link UpstreamConnections}). */
    CLIENT_RESPONSE_CONNECTION(Kind.FIELD, "io.helidon.webclient.http1.Http1ClientResponseImpl", "connection",
            ClientConnection.class, Level.WARNING, "on this Helidon version chunked upstream bodies are read through"
            + " WebClient's entity stream (slower under load), and upstreams that send interim (1xx) responses are"
            + " answered 502"),
    /** The connection under WebClient's HTTP/1 request body stream ({@link AbandonedRequest}). */
    REQUEST_BODY_CONNECTION(Kind.FIELD,
            "io.helidon.webclient.http1.Http1CallOutputStreamChain$ClientConnectionOutputStream", "connection",
            ClientConnection.class, Level.INFO, "an upstream connection whose request body failed stays open until"
            + " the origin closes it on this version"),
    /** The connection an HTTP/1 request came on ({@link ServerConnections}). */
    HTTP1_REQUEST_CTX(Kind.FIELD, "io.helidon.webserver.http1.Http1ServerRequest", "ctx", ConnectionContext.class,
            Level.WARNING, "cannot watch client connections on this Helidon version, a gone client is noticed at the"
            + " next write instead; chunked request bodies are decoded by Helidon (chunk extensions refused)"),
    /** The socket of a server connection ({@link ServerConnections}). */
    CONNECTION_HANDLER_SOCKET(Kind.FIELD, "io.helidon.webserver.ConnectionHandler", "helidonSocket",
            HelidonSocket.class, Level.FINE, "watched client sockets keep Helidon's read buffer and are watched"
            + " through Helidon's reader on this version"),
    /** The connection writer of an HTTP/1 response ({@link ResponseWriter}). */
    HTTP1_RESPONSE_DATA_WRITER(Kind.FIELD, "io.helidon.webserver.http1.Http1ServerResponse", "dataWriter",
            DataWriter.class, Level.INFO, "event-stream chunks are framed by Helidon on this version (two copies per"
            + " write)"),
    /** Helidon's synchronous socket writer: only over it is a written array free again at once. */
    SOCKET_WRITER_DIRECT(Kind.CLASS, "io.helidon.common.socket.SocketWriterDirect", null, DataWriter.class,
            Level.INFO, "event-stream chunks are framed by Helidon on this version (two copies per write)"),
    /** Sends an HTTP/1 response's head before its body ({@link ResponseHead}). */
    HTTP1_RESPONSE_FLUSH_HEADERS(Kind.METHOD, "io.helidon.webserver.http1.Http1ServerResponse", "flushHeaders",
            void.class, Level.WARNING, "response headers of quiet streams wait for their first event on this Helidon"
            + " version"),
    /** Sends an HTTP/2 response's head before its body ({@link ResponseHead}). */
    HTTP2_RESPONSE_FLUSH_HEADERS(Kind.METHOD, "io.helidon.webserver.http2.Http2ServerResponse", "flushHeaders",
            void.class, Level.WARNING, "response headers of quiet streams wait for their first event on this Helidon"
            + " version (HTTP/2)"),
    /** The HTTP/2 stream of a response, closed when the client resets it ({@link Http2Responses}). */
    HTTP2_RESPONSE_STREAM(Kind.FIELD, "io.helidon.webserver.http2.Http2ServerResponse", "stream", Http2Stream.class,
            Level.WARNING, "cannot watch HTTP/2 client streams on this Helidon version; a client that resets a stream"
            + " is noticed when writes to it stall"),
    /** The connection of an HTTP/2 response, whose socket tells a dropped client ({@link Http2Responses}). */
    HTTP2_RESPONSE_CTX(Kind.FIELD, "io.helidon.webserver.http2.Http2ServerResponse", "ctx", ConnectionContext.class,
            Level.WARNING, "cannot watch HTTP/2 client streams on this Helidon version; a client that resets a stream"
            + " is noticed when writes to it stall");

    /** The Helidon version every member here was checked against (the pom's). */
    static final String CHECKED_AGAINST = "4.5.0";

    /** What is reached: a field (read, or for the read buffer written), a no-argument method, or a class by name. */
    enum Kind { FIELD, METHOD, CLASS }

    private final Kind kind;
    private final String className;
    private final String memberName;
    private final Class<?> expectedType;
    private final String without;
    private final Class<?> type;
    private final AccessibleObject member;
    private final String problem;

    /**
     * {@code expectedType}: what a field's type must be assignable to, a method's return type, or the type a class
     * must implement; {@code without}: what the gateway does when the member does not resolve.
     */
    HelidonInternals(Kind kind, String className, String memberName, Class<?> expectedType, Level level,
                     String without) {
        this.kind = kind;
        this.className = className;
        this.memberName = memberName;
        this.expectedType = expectedType;
        this.without = without;
        Class<?> found = null;
        AccessibleObject reached = null;
        String failure = null;
        try {
            found = Class.forName(className, false, HelidonInternals.class.getClassLoader());
            reached = switch (kind) {
                case FIELD -> field(found, memberName, expectedType);
                case METHOD -> method(found, memberName, expectedType);
                case CLASS -> {
                    if (!expectedType.isAssignableFrom(found)) {
                        throw new IllegalStateException(found.getName() + " is no " + expectedType.getTypeName());
                    }
                    yield null;
                }
            };
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            found = null;
            reached = null;
            failure = e.toString();
            Log.LOGGER.log(level, without + " (" + describe() + " did not resolve)", e);
        }
        this.type = found;
        this.member = reached;
        this.problem = failure;
    }

    private static Field field(Class<?> owner, String name, Class<?> expectedType) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        if (!expectedType.isAssignableFrom(field.getType())) {
            throw new IllegalStateException("its type is " + field.getType().getTypeName() + ", not "
                    + expectedType.getTypeName());
        }
        field.setAccessible(true);
        return field;
    }

    private static Method method(Class<?> owner, String name, Class<?> returnType) throws NoSuchMethodException {
        Method method = owner.getDeclaredMethod(name);
        if (method.getReturnType() != returnType) {
            throw new IllegalStateException("it returns " + method.getReturnType().getTypeName() + ", not "
                    + returnType.getTypeName());
        }
        method.setAccessible(true);
        return method;
    }

    /** The accessible field, or null where it did not resolve (logged once). */
    Field field() {
        return kind == Kind.FIELD ? (Field) member : null;
    }

    /** The accessible method, or null where it did not resolve (logged once). */
    Method method() {
        return kind == Kind.METHOD ? (Method) member : null;
    }

    /** The class (declaring the member, or the class reached by name), or null where it did not resolve. */
    Class<?> type() {
        return type;
    }

    /** Whether the member resolved on this Helidon. */
    boolean resolved() {
        return type != null && (kind == Kind.CLASS || member != null);
    }

    /** Why it did not resolve, or null. */
    String problem() {
        return problem;
    }

    /** What the gateway does without it. */
    String without() {
        return without;
    }

    /** Class and member, as in the package's list: {@code PlainSocket.delegate}, {@code ...flushHeaders()}. */
    String describe() {
        return switch (kind) {
            case FIELD -> className + "." + memberName;
            case METHOD -> className + "." + memberName + "()";
            case CLASS -> className;
        };
    }

    /** The logger, apart from the enum: its constants are built before the enum's own static fields. */
    private static final class Log {
        static final Logger LOGGER = Logger.getLogger(HelidonInternals.class.getName());
    }
}
