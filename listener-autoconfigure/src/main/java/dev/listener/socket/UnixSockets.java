package dev.listener.socket;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The file system side of unix domain sockets, which the JDK leaves to the caller: checking the
 * path before bind(), replacing a stale socket file, and the file's permissions. A socket file is
 * deleted only when it is a socket and nothing accepts on it; anything else at the path is left
 * alone and reported.
 * <p>
 * Probe, unlink, bind and listen are one step under a lock, so that two processes started at once
 * on one path cannot both come up: without it, one process's probe is refused by the other's socket
 * between its bind() and its listen(), it reads that as a stale file, deletes it and binds its own,
 * and the other serves a file that is gone. The lock is on {@code <path>.lock} beside the socket,
 * taken with {@link FileChannel#tryLock()}: a POSIX record lock ({@code fcntl F_SETLK}, what Python's
 * {@code fcntl.lockf} takes too; {@code flock(1)} locks differently), held only for that step and for the removal at
 * close: once a socket listens, the probe itself tells the next process that the path is in use, so
 * holding the lock longer would protect nothing. The lock file stays, as lock files do: deleting it
 * would let a process that opened it a moment before lock a file nobody else sees. At close the
 * socket file is removed only if it is still the file this socket bound (same device and inode).
 */
final class UnixSockets {

	/** {@code sun_path}: 108 bytes on Linux, 104 on the BSDs and macOS, including the NUL. */
	static final int MAX_PATH_BYTES = (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
			? 108 : 104) - 1;

	private static final int S_IFMT = 0170000;

	private static final int S_IFSOCK = 0140000;

	/** How long to wait for another process that holds the path's lock before giving up. */
	static final Duration LOCK_WAIT = Duration.ofSeconds(10);

	private static final Duration LOCK_POLL = Duration.ofMillis(10);

	/**
	 * flock excludes other processes only: a second lock of the same file in one JVM throws, so
	 * the threads of this process take turns here first.
	 */
	private static final ReentrantLock IN_PROCESS = new ReentrantLock();

	private UnixSockets() {
	}

	/**
	 * The one address of a unix listener, after checking what the JDK cannot: a path that fits
	 * {@code sun_path}, no host, a stream socket, no IP protocol, valid permissions.
	 * @param spec the spec, family unix
	 * @return the address to bind
	 * @throws ListenSocketException at {@link Step#RESOLVE} naming the setting to change
	 */
	static AddressInfo resolve(ListenerSpec spec) throws ListenSocketException {
		Hints hints = spec.hints();
		if (spec.host() != null && !spec.host().isBlank()) {
			throw invalid(spec, "host " + spec.host() + " is not allowed with family unix, which binds a path: "
					+ "remove the host", EnumSet.of(Setting.HOST, Setting.FAMILY));
		}
		if (hints.socketType() != SocketType.STREAM) {
			throw new ListenSocketException(spec, Step.RESOLVE, SocketError.SOCKET_TYPE_NOT_SUPPORTED, null,
					"socket type " + lower(hints.socketType()) + " is not available for family unix: the JDK has "
							+ "only stream unix sockets",
					EnumSet.of(Setting.SOCKET_TYPE, Setting.FAMILY), null);
		}
		if (hints.protocol() != Protocol.TCP && hints.protocol() != Protocol.DEFAULT) {
			throw invalid(spec, "protocol " + lower(hints.protocol()) + " does not apply to family unix, which has "
					+ "only protocol 0: set the protocol to default (the default tcp is ignored for unix)",
					EnumSet.of(Setting.PROTOCOL, Setting.FAMILY));
		}
		String path = spec.path();
		if (path == null || path.isBlank()) {
			throw invalid(spec, "family unix needs the path of the socket file", EnumSet.of(Setting.PATH));
		}
		int bytes = path.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_PATH_BYTES) {
			throw invalid(spec, "path is " + bytes + " bytes long in UTF-8; a unix socket path has at most "
					+ MAX_PATH_BYTES + " (sun_path, with the terminating NUL)", EnumSet.of(Setting.PATH));
		}
		permissions(spec);
		UnixDomainSocketAddress address;
		try {
			address = UnixDomainSocketAddress.of(path);
		}
		catch (RuntimeException ex) {
			throw new ListenSocketException(spec, Step.RESOLVE, SocketError.INVALID_ARGUMENT, null,
					"invalid path " + path + ": " + ex.getMessage(), EnumSet.of(Setting.PATH), ex);
		}
		return new AddressInfo(Family.UNIX, SocketType.STREAM, Protocol.DEFAULT, address);
	}

	/**
	 * The permissions to give the socket file.
	 * @param spec the spec
	 * @return the permissions, {@code null} to leave what the umask gave
	 * @throws ListenSocketException when they are not in {@code rwxr-x---} form
	 */
	static @Nullable Set<PosixFilePermission> permissions(ListenerSpec spec) throws ListenSocketException {
		String permissions = spec.permissions();
		if (permissions == null) {
			return null;
		}
		try {
			return PosixFilePermissions.fromString(permissions.trim());
		}
		catch (IllegalArgumentException ex) {
			throw invalid(spec, "invalid permissions '" + permissions + "': write nine characters as ls shows them, "
					+ "such as rw-rw----", EnumSet.of(Setting.PERMISSIONS));
		}
	}

	/**
	 * Makes the path ready for bind(): its directory exists, and a socket file that nobody accepts
	 * on (left by a process that died) is removed.
	 * @param spec the spec
	 * @param info the address from {@link #resolve(ListenerSpec)}
	 * @throws ListenSocketException at {@link Step#BIND} when the directory is missing, the path is
	 * something else than a socket, or another process accepts on it
	 */
	static void prepare(ListenerSpec spec, AddressInfo info) throws ListenSocketException {
		UnixDomainSocketAddress address = (UnixDomainSocketAddress) info.address();
		Path path = address.getPath();
		checkDirectory(spec, info, path);
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException ex) {
			// nothing there (or nothing we may see: bind() then says why)
			return;
		}
		if (!isSocket(path, attributes)) {
			throw failure(spec, info, SocketError.NOT_A_SOCKET,
					path + " exists and is " + kind(attributes) + ", not a socket; it is left as it is", null);
		}
		if (accepting(spec, info, address)) {
			throw failure(spec, info, SocketError.ADDRESS_IN_USE, null, null);
		}
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			throw failure(spec, info, SocketError.of(ex), "cannot remove the stale socket file: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Takes the path's lock, for {@link #prepare}, bind() and listen(), and the chmod after them.
	 * @param spec the spec
	 * @param info the address from {@link #resolve(ListenerSpec)}
	 * @return the lock, to close when the socket listens or has failed
	 * @throws ListenSocketException at {@link Step#BIND} when the directory is missing, the lock file
	 * cannot be opened, or another process holds the lock longer than {@link #LOCK_WAIT}
	 */
	static PathLock lock(ListenerSpec spec, AddressInfo info) throws ListenSocketException {
		Path path = ((UnixDomainSocketAddress) info.address()).getPath();
		checkDirectory(spec, info, path);
		Path lockFile = lockFile(path);
		try {
			return PathLock.acquire(lockFile, LOCK_WAIT);
		}
		catch (IOException ex) {
			SocketError error = (ex instanceof AccessDeniedException) ? SocketError.ACCESS_DENIED : SocketError.of(ex);
			Path directory = path.toAbsolutePath().getParent();
			if (error == SocketError.ACCESS_DENIED && directory != null && !Files.exists(lockFile)
					&& !Files.isWritable(directory)) {
				// bind() could not create the socket file either
				throw failure(spec, info, error, "permission denied: the directory " + directory
						+ " is not writable by this user; make it writable or choose another path", ex);
			}
			throw failure(spec, info, error, "cannot lock " + lockFile + ", which keeps two processes from binding "
					+ path + " at once: " + ex.getMessage() + "; make the directory and the lock file writable by "
					+ "this user", ex);
		}
		catch (LockTimeoutException ex) {
			throw failure(spec, info, SocketError.ADDRESS_IN_USE, "another process has held " + lockFile + " for "
					+ LOCK_WAIT.toSeconds() + "s while binding " + path + "; stop it or use another path", null);
		}
	}

	/**
	 * What identifies the socket file bound a moment ago: its device and inode.
	 * @param path the path
	 * @return the key, {@code null} where the platform has none or the file is gone
	 */
	static @Nullable Object fileKey(Path path) {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return null;
		}
	}

	/**
	 * Removes the socket file at close, under the path's lock, if it is still the file this socket
	 * bound: after a stale-file replacement by another process, the path is that process's socket.
	 * @param path the path
	 * @param bound the file's key at bind, {@code null} where the platform has none (removed then)
	 * @throws IOException when the file cannot be removed
	 */
	static void removeIfBound(Path path, @Nullable Object bound) throws IOException {
		PathLock lock = null;
		try {
			lock = PathLock.acquire(lockFile(path), LOCK_WAIT);
		}
		catch (IOException | LockTimeoutException ex) {
			// removed without the lock: comparing the inode still keeps another process's file
		}
		try {
			Object now = fileKey(path);
			if (now != null && (bound == null || bound.equals(now))) {
				Files.deleteIfExists(path);
			}
		}
		finally {
			if (lock != null) {
				lock.close();
			}
		}
	}

	static Path lockFile(Path path) {
		return path.resolveSibling(path.getFileName() + ".lock");
	}

	private static void checkDirectory(ListenerSpec spec, AddressInfo info, Path path) throws ListenSocketException {
		Path directory = path.toAbsolutePath().getParent();
		if (directory != null && !Files.isDirectory(directory)) {
			String what = Files.exists(directory) ? " is not a directory" : " does not exist";
			throw failure(spec, info, SocketError.NO_SUCH_DIRECTORY, "directory " + directory + what, null);
		}
	}

	/** Whether something accepts on the socket file: a connect() that is not refused. */
	private static boolean accepting(ListenerSpec spec, AddressInfo info, UnixDomainSocketAddress address)
			throws ListenSocketException {
		try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			// non-blocking, so that a listener with a full backlog cannot hold startup
			probe.configureBlocking(false);
			probe.connect(address);
			return true;
		}
		catch (ConnectException ex) {
			// ECONNREFUSED: a socket file with no socket behind it
			return false;
		}
		catch (IOException ex) {
			SocketError error = SocketError.of(ex);
			if (error == SocketError.ACCESS_DENIED) {
				throw failure(spec, info, error, "cannot probe the existing socket file: " + ex.getMessage(), ex);
			}
			// cannot tell: never delete what may be in use
			return true;
		}
	}

	private static boolean isSocket(Path path, BasicFileAttributes attributes) {
		try {
			int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
			return (mode & S_IFMT) == S_IFSOCK;
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException ex) {
			// no unix view: sockets are among the "other" files
			return attributes.isOther();
		}
	}

	private static String kind(BasicFileAttributes attributes) {
		if (attributes.isDirectory()) {
			return "a directory";
		}
		if (attributes.isSymbolicLink()) {
			return "a symbolic link";
		}
		return attributes.isRegularFile() ? "a regular file" : "a special file";
	}

	private static ListenSocketException invalid(ListenerSpec spec, String reason, Set<Setting> settings) {
		return new ListenSocketException(spec, Step.RESOLVE, SocketError.INVALID_ARGUMENT, null, reason, settings,
				null);
	}

	private static ListenSocketException failure(ListenerSpec spec, AddressInfo info, SocketError error,
			@Nullable String reason, @Nullable Throwable cause) {
		return new ListenSocketException(spec, Step.BIND, error, info.address(), reason, EnumSet.of(Setting.PATH),
				cause);
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	/** The lock of one path: this process's turn, then the file lock. */
	static final class PathLock implements AutoCloseable {

		private final FileChannel channel;

		private final FileLock lock;

		private PathLock(FileChannel channel, FileLock lock) {
			this.channel = channel;
			this.lock = lock;
		}

		static PathLock acquire(Path lockFile, Duration wait) throws IOException, LockTimeoutException {
			long deadline = System.nanoTime() + wait.toNanos();
			try {
				if (!IN_PROCESS.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
					throw new LockTimeoutException();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new LockTimeoutException();
			}
			FileChannel channel = null;
			try {
				channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				FileLock lock;
				while ((lock = channel.tryLock()) == null) {
					if (System.nanoTime() - deadline > 0) {
						throw new LockTimeoutException();
					}
					Thread.sleep(LOCK_POLL.toMillis());
				}
				return new PathLock(channel, lock);
			}
			catch (IOException | LockTimeoutException | RuntimeException ex) {
				release(channel);
				throw ex;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				release(channel);
				throw new LockTimeoutException();
			}
		}

		private static void release(@Nullable FileChannel channel) {
			try {
				if (channel != null) {
					channel.close();
				}
			}
			catch (IOException ex) {
				// nothing was locked through it
			}
			finally {
				IN_PROCESS.unlock();
			}
		}

		@Override
		public void close() {
			try {
				this.lock.release();
			}
			catch (IOException ex) {
				// closing the channel releases it too
			}
			finally {
				release(this.channel);
			}
		}

	}

	/** Another process held the lock for the whole wait. */
	static final class LockTimeoutException extends Exception {

		private static final long serialVersionUID = 1L;

		LockTimeoutException() {
			super(null, null, false, false);
		}

	}

}
