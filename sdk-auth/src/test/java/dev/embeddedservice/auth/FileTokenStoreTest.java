package dev.embeddedservice.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.auth.internal.SdkJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The file token store: round trip, permissions, distrust of bad files, and concurrent writers. */
class FileTokenStoreTest {

    private static final String KEY = "activation https://activation.partner.example prod-4x2kq7";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");

    @BeforeEach
    void clearLogs() {
        CapturedLogs.clear();
    }

    private FileTokenStore store(Path file) {
        return FileTokenStore.builder().file(file).clock(clock).build();
    }

    private AuthToken token(String value, Duration lifetime) {
        return AuthToken.of(value, clock.instant().plus(lifetime), ServiceConfig.builder()
                .endpointName("esvc-identity-prod").region("us-east-1").maxRecordsPerInvocation(1000)
                .maxPayloadBytes(6291456).maxConcurrency(8).operations(List.of("translate", "score")).build());
    }

    @Test
    void aSavedTokenLoadsBackWithItsExpiryAndConfig() {
        FileTokenStore store = store(dir.resolve("tokens.json"));
        AuthToken token = token("tok-1", Duration.ofHours(1));

        store.save(KEY, token);
        Optional<AuthToken> loaded = store(dir.resolve("tokens.json")).load(KEY);

        assertThat(loaded).contains(token);
        assertThat(loaded.orElseThrow().expiresAt()).isEqualTo(token.expiresAt());
        assertThat(loaded.orElseThrow().config()).isEqualTo(token.config());
    }

    @Test
    void theFileIsJsonBoundToTheKey() throws IOException {
        Path file = dir.resolve("tokens.json");
        store(file).save(KEY, token("tok-1", Duration.ofHours(1)));

        JsonNode root = SdkJson.MAPPER.readTree(Files.readAllBytes(file));

        assertThat(root.get("formatVersion").asInt()).isEqualTo(1);
        JsonNode entry = root.get("tokens").get(KEY);
        assertThat(entry.get("token").asText()).isEqualTo("tok-1");
        assertThat(entry.get("expiresAt").asText()).isEqualTo("2030-01-01T01:00:00Z");
        assertThat(entry.get("config").get("endpointName").asText()).isEqualTo("esvc-identity-prod");
    }

    @Test
    void aTokenIsOnlyServedForItsOwnKey() {
        FileTokenStore store = store(dir.resolve("tokens.json"));
        store.save(KEY, token("tok-1", Duration.ofHours(1)));

        assertThat(store.load("activation https://activation.partner.example prod-other")).isEmpty();
        assertThat(store.load("activation https://elsewhere.example prod-4x2kq7")).isEmpty();
    }

    @Test
    void entriesOfOtherKeysAreKept() {
        FileTokenStore store = store(dir.resolve("tokens.json"));
        store.save("a", token("tok-a", Duration.ofHours(1)));
        store.save("b", token("tok-b", Duration.ofHours(1)));
        store.save("a", token("tok-a2", Duration.ofHours(1)));

        assertThat(store.load("a").orElseThrow().value()).isEqualTo("tok-a2");
        assertThat(store.load("b").orElseThrow().value()).isEqualTo("tok-b");
    }

    @Test
    void aMissingFileIsNoTokenAndTheFolderIsCreatedOwnerOnlyAtTheFirstSave() throws IOException {
        Path folder = dir.resolve("new/cache");
        FileTokenStore store = store(folder.resolve("tokens.json"));

        assertThat(store.load(KEY)).isEmpty();
        store.save(KEY, token("tok-1", Duration.ofHours(1)));

        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(store.load(KEY)).isPresent();
    }

    @Test
    void theFileAndItsLockAreReadableAndWritableByTheOwnerOnly() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = store(file);

        store.save(KEY, token("tok-1", Duration.ofHours(1)));
        store.save(KEY, token("tok-2", Duration.ofHours(1)));

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("tokens.json.lock")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file is left behind")
                    .containsExactlyInAnyOrder("tokens.json", "tokens.json.lock");
        }
    }

    @Test
    void aCorruptFileIsIgnoredAndReplacedAtTheNextSave() throws IOException {
        Path file = dir.resolve("tokens.json");
        Files.writeString(file, "{\"formatVersion\":1,\"tokens\":{\"" + KEY + "\":{\"token\":\"tok-1\",\"expi");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        FileTokenStore store = store(file);

        assertThat(store.load(KEY)).isEmpty();
        store.save(KEY, token("tok-2", Duration.ofHours(1)));

        assertThat(store.load(KEY).orElseThrow().value()).isEqualTo("tok-2");
        assertThat(SdkJson.MAPPER.readTree(Files.readAllBytes(file)).isObject()).isTrue();
    }

    @Test
    void filesThatAreNotTokenFilesAreIgnored() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = store(file);
        for (String content : List.of("", "[]", "{\"formatVersion\":2,\"tokens\":{}}", "{\"tokens\":[]}",
                "{\"formatVersion\":1,\"tokens\":{\"" + KEY + "\":{\"token\":\"has space\",\"expiresAt\":\"2031-01-01T00:00:00Z\"}}}",
                "{\"formatVersion\":1,\"tokens\":{\"" + KEY + "\":{\"token\":\"t\",\"expiresAt\":\"tomorrow\"}}}",
                "{\"formatVersion\":1,\"tokens\":{\"" + KEY + "\":{\"token\":\"t\",\"expiresAt\":\"2031-01-01T00:00:00Z\","
                        + "\"config\":{\"maxConcurrency\":\"eight\"}}}}")) {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

            assertThat(store.load(KEY)).as(content).isEmpty();
        }
    }

    @Test
    void anExpiredTokenIsIgnoredAndDroppedAtTheNextSave() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = store(file);
        store.save(KEY, token("tok-1", Duration.ofMinutes(1)));
        assertThat(store.load(KEY)).isPresent();

        clock.advance(Duration.ofMinutes(1));

        assertThat(store.load(KEY)).isEmpty();
        store.save("other", token("tok-other", Duration.ofHours(1)));
        assertThat(Files.readString(file)).doesNotContain("tok-1");
    }

    @Test
    void aFileOthersCanWriteIsNotTrusted() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = store(file);
        store.save(KEY, token("tok-1", Duration.ofHours(1)));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(store.load(KEY)).isEmpty();
        store.save(KEY, token("tok-2", Duration.ofHours(1)));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(store.load(KEY).orElseThrow().value()).isEqualTo("tok-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw--w----", "rw-----w-"})
    void aFileTheGroupOrOthersCanWriteIsNotTrusted(String permissions) throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = store(file);
        store.save(KEY, token("tok-1", Duration.ofHours(1)));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));

        assertThat(store.load(KEY)).isEmpty();
        assertThat(CapturedLogs.containing("writable by other users")).hasSize(1);
    }

    @Test
    void aFileOthersCanOnlyReadIsStillRead() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = store(file);
        store.save(KEY, token("tok-1", Duration.ofHours(1)));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(store.load(KEY).orElseThrow().value()).isEqualTo("tok-1");
    }

    @Test
    void aFileOwnedByAnotherUserIsIgnored() throws IOException {
        Path file = dir.resolve("tokens.json");
        store(file).save(KEY, token("tok-1", Duration.ofHours(1)));
        UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        assertThat(Files.getOwner(file)).isNotEqualTo(nobody);

        // A store that must only trust nobody's files sees this one as another user's.
        FileTokenStore asNobody = FileTokenStore.builder().file(file).clock(clock).owner(nobody).build();

        assertThat(asNobody.load(KEY)).isEmpty();
        assertThat(CapturedLogs.containing("owned by another user")).hasSize(1);
        assertThat(store(file).load(KEY).orElseThrow().value()).as("its owner's store reads it").isEqualTo("tok-1");
    }

    @Test
    void aFileOfExactlyOneMebibyteIsReadAndOneByteMoreIsNot() throws IOException {
        Path file = dir.resolve("tokens.json");
        String entry = "{\"formatVersion\":1,\"tokens\":{\"" + KEY + "\":{\"token\":\"tok-1\","
                + "\"expiresAt\":\"2031-01-01T00:00:00Z\"}},\"padding\":\"";
        int oneMebibyte = 1024 * 1024;
        String exactly = entry + "x".repeat(oneMebibyte - entry.length() - 2) + "\"}";
        assertThat(exactly.getBytes(StandardCharsets.UTF_8)).hasSize(oneMebibyte);
        FileTokenStore store = store(file);

        Files.writeString(file, exactly);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(store.load(KEY).orElseThrow().value()).isEqualTo("tok-1");

        Files.writeString(file, entry + "x".repeat(oneMebibyte - entry.length() - 1) + "\"}");
        assertThat(Files.size(file)).isEqualTo(oneMebibyte + 1);
        assertThat(store.load(KEY)).isEmpty();
        assertThat(CapturedLogs.containing("larger than 1048576 bytes")).hasSize(1);
    }

    @Test
    void aFolderWhereTheFileShouldBeIsIgnored() throws IOException {
        Path file = Files.createDirectory(dir.resolve("tokens.json"));

        assertThat(store(file).load(KEY)).isEmpty();
        assertThat(CapturedLogs.containing("not a regular file")).hasSize(1);
    }

    @Test
    void aTokenWithTheLowestVisibleCharacterIsKeptAndOneWithTheCharacterBelowIsNot() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = store(file);
        store.save("lowest", AuthToken.of("!", clock.instant().plus(Duration.ofHours(1)), ServiceConfig.empty()));
        assertThat(store.load("lowest").orElseThrow().value()).isEqualTo("!");

        Files.writeString(file, "{\"formatVersion\":1,\"tokens\":{\"below\":{\"token\":\"a\\u001fb\","
                + "\"expiresAt\":\"2031-01-01T00:00:00Z\"},\"space\":{\"token\":\"a b\","
                + "\"expiresAt\":\"2031-01-01T00:00:00Z\"}}}");
        assertThat(store.load("below")).isEmpty();
        assertThat(store.load("space")).isEmpty();
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws IOException {
        Path real = dir.resolve("real.json");
        store(real).save(KEY, token("tok-1", Duration.ofHours(1)));
        Path link = Files.createSymbolicLink(dir.resolve("tokens.json"), real);

        assertThat(store(link).load(KEY)).isEmpty();
    }

    @Test
    void twoStoresOnOneFileNeverCorruptItOrLoseEntries() throws Exception {
        Path file = dir.resolve("tokens.json");
        FileTokenStore first = store(file);
        FileTokenStore second = store(file);
        int writers = 8;
        int savesEach = 40;
        AtomicInteger badReads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                FileTokenStore store = w % 2 == 0 ? first : second;
                String key = "key-" + w;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < savesEach; i++) {
                        store.save(key, token(key + "-" + i, Duration.ofHours(1)));
                        Optional<AuthToken> read = store.load(key);
                        // Each writer owns its key: it reads back exactly what it wrote last.
                        if (read.isEmpty() || !read.get().value().equals(key + "-" + i)) {
                            badReads.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(badReads.get()).isZero();
        for (int w = 0; w < writers; w++) {
            assertThat(first.load("key-" + w).orElseThrow().value()).isEqualTo("key-" + w + "-" + (savesEach - 1));
        }
    }

    @Test
    void twoProcessesOnOneFileNeverCorruptItOrLoseEntries() throws Exception {
        Path file = dir.resolve("tokens.json");
        int saves = 60;
        Process child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                FileTokenStoreWriter.class.getName(), file.toString(), "child", Integer.toString(saves))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             OutputStream in = child.getOutputStream()) {
            assertThat(readUntil(out, "ready")).isTrue();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();

            FileTokenStore store = FileTokenStore.create(file);
            for (int i = 0; i < saves; i++) {
                store.save("parent", AuthToken.of("parent-" + i, FileTokenStoreWriter.EXPIRY, ServiceConfig.empty()));
                assertThat(store.load("parent").orElseThrow().value()).isEqualTo("parent-" + i);
            }

            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(readUntil(out, "done")).isTrue();
            assertThat(child.exitValue()).isZero();
            assertThat(store.load("parent").orElseThrow().value()).isEqualTo("parent-" + (saves - 1));
            assertThat(store.load("child").orElseThrow().value()).isEqualTo("child-" + (saves - 1));
        } finally {
            child.destroyForcibly();
        }
    }

    /** Reads the child's output up to the line {@code expected}; false if it ends first. */
    private static boolean readUntil(BufferedReader out, String expected) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals(expected)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void toStringNamesTheFileOnly() {
        FileTokenStore store = store(dir.resolve("tokens.json"));
        store.save(KEY, token("tok-secret", Duration.ofHours(1)));

        assertThat(store.toString()).contains("tokens.json").doesNotContain("tok-secret");
        assertThat(store.file()).isEqualTo(dir.resolve("tokens.json").toAbsolutePath());
    }

    /** The other process of {@link #twoProcessesOnOneFileNeverCorruptItOrLoseEntries}. */
    public static final class FileTokenStoreWriter {

        static final Instant EXPIRY = Instant.parse("2100-01-01T00:00:00Z");

        public static void main(String[] args) throws IOException {
            Path file = Paths.get(args[0]);
            String key = args[1];
            int saves = Integer.parseInt(args[2]);
            FileTokenStore store = FileTokenStore.builder().file(file).clock(Clock.systemUTC()).build();
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            for (int i = 0; i < saves; i++) {
                store.save(key, AuthToken.of(key + "-" + i, EXPIRY, ServiceConfig.empty()));
                if (!store.load(key).map(AuthToken::value).orElse("").equals(key + "-" + i)) {
                    System.out.println("lost its own entry at " + i);
                    System.exit(1);
                }
            }
            System.out.println("done");
        }
    }
}
