package io.ssegateway.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in {@code <home>/bin/java}: answers {@code -version} like a JDK of the given version, and otherwise prints
 * "ran <its path>" and then each argument on its own line, so a test sees exactly how the script called Java. Like a
 * JVM with {@code -XX:AOTMode=record} it writes the file named by {@code -XX:AOTConfiguration=} and says so on
 * stdout; with {@code -XX:AOTMode=create} it prints a JVM's progress lines (and a class path on stderr) and writes
 * the file named by {@code -XX:AOTCache=} (unless {@code FAKE_JAVA_CREATE_EXIT} is set, then it exits with that).
 * Otherwise it exits with {@code FAKE_JAVA_EXIT} (default 0).
 */
final class FakeJava {
    private FakeJava() {
    }

    /** Writes {@code <home>/bin/java} (and a {@code javac} beside it) reporting {@code version}; returns home. */
    static Path install(Path home, String version) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                if [ "$1" = -version ]; then
                    echo 'openjdk version "%s" 2024-01-16' >&2
                    echo 'OpenJDK Runtime Environment (fake)' >&2
                    exit 0
                fi
                echo "ran $0"
                for arg in "$@"; do printf '%%s\\n' "$arg"; done
                mode= config= cache=
                for arg in "$@"; do
                    case $arg in
                        -XX:AOTMode=*) mode=${arg#-XX:AOTMode=} ;;
                        -XX:AOTConfiguration=*) config=${arg#-XX:AOTConfiguration=} ;;
                        -XX:AOTCache=*) cache=${arg#-XX:AOTCache=} ;;
                    esac
                done
                if [ "$mode" = record ]; then
                    echo recorded > "$config"
                    echo " AOTConfiguration recorded: $config"
                elif [ "$mode" = create ]; then
                    echo "Picked up JAVA_TOOL_OPTIONS: -Djava.class.path=/a/long/class/path.jar" >&2
                    echo "Reading AOTConfiguration $config and writing AOTCache $cache"
                    [ "${FAKE_JAVA_CREATE_EXIT:-0}" -ne 0 ] && exit "$FAKE_JAVA_CREATE_EXIT"
                    echo "cache from $(cat "$config")" > "$cache"
                    echo "AOTCache creation is complete: $cache"
                fi
                exit "${FAKE_JAVA_EXIT:-0}"
                """.formatted(version));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(java, bin.resolve("javac"));
        return home;
    }

    /** {@link #install}, plus the JDK's {@code release} file naming {@code releaseVersion} and {@code runtime}. */
    static Path installWithRelease(Path home, String version, String releaseVersion, String runtime)
            throws IOException {
        install(home, version);
        Files.writeString(home.resolve("release"), """
                IMPLEMENTOR="Fake"
                JAVA_RUNTIME_VERSION="%s"
                JAVA_VERSION="%s"
                """.formatted(runtime, releaseVersion));
        return home;
    }
}
