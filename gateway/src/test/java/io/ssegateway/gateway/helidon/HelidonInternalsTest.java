package io.ssegateway.gateway.helidon;

import io.helidon.common.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Helidon internal the gateway reaches resolves on the Helidon it is built with. At run time a member that does
 * not resolve only logs and falls back (slower, or a gone client noticed later); here it fails the build, naming the
 * member, so a Helidon upgrade that renames, removes or retypes one is seen at once.
 */
@Timeout(10)
class HelidonInternalsTest {

    @Test
    void everyMemberResolves() {
        assertAll("Helidon internals (see io.ssegateway.gateway.helidon's package-info)",
                  Arrays.stream(HelidonInternals.values()).map(HelidonInternalsTest::resolves)
                          .toArray(Executable[]::new));
    }

    @Test
    void theMembersWereCheckedAgainstThisHelidon() {
        assertEquals(HelidonInternals.CHECKED_AGAINST, Version.VERSION,
                     "the gateway is built with another Helidon than its internals were checked against: re-check each"
                     + " member listed in io.ssegateway.gateway.helidon's package-info (what it is for, whether it"
                     + " still means the same), then update HelidonInternals.CHECKED_AGAINST and that list");
    }

    /** The fence: a reflective lookup anywhere else in the gateway would escape this list and this test. */
    @Test
    void noOtherPackageUsesReflection() throws IOException {
        Path sources = Path.of("src/main/java");
        Path fenced = sources.resolve("io/ssegateway/gateway/helidon");
        List<String> words = List.of("java.lang.reflect", "setAccessible", "getDeclaredField", "getDeclaredMethod",
                                     "privateLookupIn", "Class.forName");
        try (Stream<Path> files = Files.walk(sources)) {
            List<String> found = files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(fenced))
                    .flatMap(f -> words.stream().filter(w -> read(f).contains(w)).map(w -> sources.relativize(f)
                            + ": " + w))
                    .toList();
            assertEquals(List.of(), found, "reflection outside io.ssegateway.gateway.helidon: declare the member in"
                                           + " HelidonInternals and reach it through that package");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Executable resolves(HelidonInternals member) {
        return () -> assertTrue(member.resolved(),
                                () -> member.describe() + " does not resolve on Helidon " + Version.VERSION + " ("
                                      + member.problem() + "); without it " + member.without());
    }
}
