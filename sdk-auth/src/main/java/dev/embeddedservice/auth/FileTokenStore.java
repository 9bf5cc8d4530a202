package dev.embeddedservice.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.auth.internal.ServiceConfigJson;
import dev.embeddedservice.auth.internal.SdkJson;
import dev.embeddedservice.auth.internal.TokenFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenStore} in one JSON file, shared by the processes of one user: short-lived
 * processes and Lambda cold starts reuse a valid token instead of activating again.
 *
 * <h2>File</h2>
 * One file holds one entry per key (the activation URL and product code): token value,
 * absolute expiry and service config. Each entry is bound to its key, so a token is only served
 * for the product and service that issued it.
 * <pre>{@code
 * {"formatVersion": 1,
 *  "tokens": {"activation https://activation.partner.example prod-4x2kq7":
 *               {"token": "...", "expiresAt": "2030-01-01T00:00:00Z", "config": {"endpointName": "..."}}}}
 * }</pre>
 *
 * <h2>Safety</h2>
 * <ul>
 *   <li>Written atomically: a temporary file in the same folder, forced to disk, then moved over
 *       the old one with {@code ATOMIC_MOVE}. Readers see the old file or the new one, never
 *       half of one.</li>
 *   <li>Owner-only: the temporary file is created {@code rw-------} (and a missing folder
 *       {@code rwx------}), so there is no moment when another user can read the token. On file
 *       systems without POSIX permissions the platform's defaults apply.</li>
 *   <li>Locked: writers take an exclusive lock on a sibling {@code .lock} file (an advisory
 *       {@link FileLock}, between processes) and a lock per file in this JVM, then read, merge and
 *       write; two stores or two processes on one file never lose each other's entries or corrupt
 *       the file. Readers need no lock.</li>
 *   <li>Distrustful: a file that is corrupt, unreadable, larger than 1 MiB, a symbolic link, not
 *       owned by this user or writable by others is ignored (its entries could steer calls to
 *       another endpoint), and replaced at the next save. Expired entries are ignored, and dropped
 *       at the next save.</li>
 * </ul>
 *
 * <pre>{@code
 * TokenStore store = FileTokenStore.create(Path.of(System.getProperty("java.io.tmpdir"), "embedded-service", "tokens.json"));
 * TokenProvider tokens = ActivationTokenProvider.builder()
 *         .activationConfig(config)
 *         .tokenStore(store)
 *         .build();
 * }</pre>
 */
public final class FileTokenStore implements TokenStore {

    private static final Logger log = LoggerFactory.getLogger(FileTokenStore.class);
    private static final int FORMAT_VERSION = 1;
    private static final long MAX_FILE_BYTES = 1L << 20;
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
    /** One lock per file in this JVM: {@link FileLock}s are per process, not per thread. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final Clock clock;
    private final boolean posix;
    /** The user the file must belong to; {@code null} to look up this process's user. */
    private final UserPrincipal owner;

    private FileTokenStore(Path file, Clock clock, UserPrincipal owner) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.clock = clock;
        this.posix = this.file.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.owner = owner;
    }

    /** A store in {@code file}; the file and its folder are created at the first save. */
    public static FileTokenStore create(Path file) {
        return builder().file(file).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The file tokens are kept in. */
    public Path file() {
        return file;
    }

    /**
     * The unexpired token stored under {@code key}; empty when there is none, or when the file is
     * missing, corrupt, unreadable or untrustworthy.
     */
    @Override
    public Optional<AuthToken> load(String key) {
        Objects.requireNonNull(key, "key");
        ObjectNode tokens = readTokens();
        if (tokens == null) {
            return Optional.empty();
        }
        AuthToken token = parseEntry(tokens.get(key));
        if (token == null || !clock.instant().isBefore(token.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /**
     * Stores {@code token} under {@code key}, keeping the other keys' unexpired entries.
     *
     * @throws EmbeddedServiceException when the file cannot be written (not retryable)
     */
    @Override
    public void save(String key, AuthToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        jvmLock.lock();
        try {
            createFolder();
            try (FileChannel lockChannel = openLockFile()) {
                // Held across read, merge and write; released when the channel closes.
                lockChannel.lock();
                ObjectNode tokens = readTokens();
                if (tokens == null) {
                    tokens = SdkJson.MAPPER.createObjectNode();
                }
                Instant now = clock.instant();
                List<String> stale = new ArrayList<>();
                for (Map.Entry<String, JsonNode> existing : tokens.properties()) {
                    AuthToken stored = parseEntry(existing.getValue());
                    if (stored == null || !now.isBefore(stored.expiresAt())) {
                        stale.add(existing.getKey());
                    }
                }
                tokens.remove(stale);
                ObjectNode entry = tokens.putObject(key);
                entry.put("token", token.value());
                entry.put("expiresAt", token.expiresAt().toString());
                entry.set("config", ServiceConfigJson.write(token.config()));
                ObjectNode root = SdkJson.MAPPER.createObjectNode();
                root.put("formatVersion", FORMAT_VERSION);
                root.set("tokens", tokens);
                writeAtomically(SdkJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            }
        } catch (IOException e) {
            throw new EmbeddedServiceException("Could not save the token to " + file + ": " + e, false, e);
        } finally {
            jvmLock.unlock();
        }
    }

    private void createFolder() throws IOException {
        Path folder = file.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            Files.createDirectories(folder, posixAttribute(OWNER_RWX));
        }
    }

    private FileChannel openLockFile() throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return FileChannel.open(lockFile, options, posixAttribute(OWNER_RW));
    }

    private void writeAtomically(byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp",
                posixAttribute(OWNER_RW));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Cannot happen in one folder on a local file system; refuse rather than risk a torn file.
                throw new IOException("the file system cannot replace " + file + " atomically", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private FileAttribute<?>[] posixAttribute(Set<PosixFilePermission> permissions) {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    /** The {@code tokens} object of the file, or {@code null} when there is none to trust. */
    private ObjectNode readTokens() {
        byte[] bytes;
        try {
            if (!trustworthy()) {
                return null;
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                log.warn("Ignoring the token store {}: larger than {} bytes", file, MAX_FILE_BYTES);
                return null;
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | UncheckedIOException | SecurityException e) {
            log.warn("Ignoring the token store {}: it cannot be read ({})", file, e.getClass().getSimpleName());
            return null;
        }
        JsonNode root;
        try {
            root = SdkJson.parse(bytes);
        } catch (SdkJson.NotJsonException e) {
            log.warn("Ignoring the token store {}: {}; it is replaced at the next save", file, e.getMessage());
            return null;
        }
        JsonNode tokens = root.get("tokens");
        if (!root.isObject() || root.path("formatVersion").asInt() != FORMAT_VERSION || tokens == null
                || !tokens.isObject()) {
            log.warn("Ignoring the token store {}: not a format {} token file; it is replaced at the next save",
                    file, FORMAT_VERSION);
            return null;
        }
        return (ObjectNode) tokens;
    }

    /** A regular file, not a link, owned by this user and writable by no one else. */
    private boolean trustworthy() throws IOException {
        if (!posix) {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        }
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            log.warn("Ignoring the token store {}: not a regular file", file);
            return false;
        }
        UserPrincipal user = owner != null ? owner : currentUser();
        if (user != null && !attributes.owner().equals(user)) {
            log.warn("Ignoring the token store {}: owned by another user", file);
            return false;
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            log.warn("Ignoring the token store {}: writable by other users", file);
            return false;
        }
        return true;
    }

    /**
     * This process's user, or {@code null} when it has no name the system knows (a container
     * running under a bare uid); the owner check is then skipped and the permission check remains.
     */
    private UserPrincipal currentUser() {
        String name = System.getProperty("user.name");
        if (name == null || name.isEmpty() || name.equals("?")) {
            return null;
        }
        try {
            return file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The entry as a token, or {@code null} when it is missing or malformed. Expiry is not checked. */
    private static AuthToken parseEntry(JsonNode entry) {
        if (entry == null || !entry.isObject()) {
            return null;
        }
        JsonNode value = entry.get("token");
        JsonNode expiresAt = entry.get("expiresAt");
        if (value == null || !value.isTextual() || !TokenFormat.isUsable(value.textValue())
                || expiresAt == null || !expiresAt.isTextual()) {
            return null;
        }
        try {
            return AuthToken.of(value.textValue(), Instant.parse(expiresAt.textValue()),
                    ServiceConfigJson.read(entry.get("config")));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "FileTokenStore[" + file + "]";
    }

    /** Builder for {@link FileTokenStore}. */
    public static final class Builder {
        private Path file;
        private Clock clock = Clock.systemUTC();
        private UserPrincipal owner;

        private Builder() {
        }

        /** The file to keep tokens in. Required. */
        public Builder file(Path file) {
            this.file = file;
            return this;
        }

        /** The clock expiry is judged by; {@link Clock#systemUTC()} by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The user the file must belong to; this process's user by default. Lets tests, which
         * cannot give a file away to another user unless they run as root, see a foreign file.
         */
        Builder owner(UserPrincipal owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        public FileTokenStore build() {
            if (file == null) {
                throw new InvalidConfigurationException("file is required");
            }
            if (file.getFileName() == null) {
                throw new InvalidConfigurationException("file must name a file, was " + file);
            }
            return new FileTokenStore(file, clock, owner);
        }
    }
}
