package io.kosmos.sandbox.internal;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * Checks who listens at the other end of a Unix socket before anything is sent to it.
 *
 * <p>The sockets of a container (Jupyter Server's, the kernel's) live in a directory that code in
 * the container can write, and a connect follows a symbolic link planted there to any socket of the
 * host ({@code /var/run/docker.sock}, another user's agent): the JVM, often root, would then talk
 * to a host service on the code's behalf. {@link #inContainer} accepts only a peer process that
 * lives in the container's process namespace.
 */
@FunctionalInterface
public interface SocketPeer {

  /** Accepts every peer: for sockets of the caller's own making (tests). */
  SocketPeer ANY = (socket, what) -> {};

  /**
   * Throws if the peer of a connected socket is not who it should be; the caller then closes the
   * socket without having written to it.
   *
   * @param socket the connected socket
   * @param what the socket's name, for the message
   * @throws IOException if the peer is someone else, or cannot be told
   */
  void check(Socket socket, String what) throws IOException;

  /**
   * Accepts a peer in the process namespace of a container's first process.
   *
   * @param initPid the host's process id of the container's first process ({@code State.Pid})
   * @param container the container's name, for messages
   * @return the check
   * @throws IOException if that process's namespace cannot be read (it is gone, or this JVM does
   *     not see the host's processes)
   */
  static SocketPeer inContainer(long initPid, String container) throws IOException {
    String namespace = pidNamespace(initPid);
    return (socket, what) -> {
      if (!(socket instanceof AFUNIXSocket unix)) {
        throw new IOException(what + " is not a Unix socket");
      }
      AFUNIXSocketCredentials peer = unix.getPeerCredentials();
      long pid = peer == null ? -1 : peer.getPid();
      String seen;
      try {
        seen = pid > 0 ? pidNamespace(pid) : "unknown";
      } catch (IOException e) {
        seen = "unreadable";
      }
      if (!namespace.equals(seen)) {
        throw new IOException(
            what
                + " is not served by a process of container "
                + container
                + " (the peer is process "
                + pid
                + " of uid "
                + (peer == null ? "?" : peer.getUid())
                + "): code in the container replaced it, for example with a symbolic link to a"
                + " socket of the host; nothing was sent to it");
      }
    };
  }

  private static String pidNamespace(long pid) throws IOException {
    return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "pid")).toString();
  }
}
