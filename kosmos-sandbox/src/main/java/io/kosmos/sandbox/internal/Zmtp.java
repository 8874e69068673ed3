package io.kosmos.sandbox.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One ZeroMQ connection speaking ZMTP 3.0 with the NULL security mechanism (RFC 23/ZMTP) over a
 * stream socket: the part of ZeroMQ a Jupyter client needs to reach a kernel's {@code ROUTER}
 * (shell) and {@code PUB} (IOPub) sockets directly, without a ZeroMQ library.
 *
 * <p>It is a peer, not a socket in the ZeroMQ sense: one connection, no reconnection, no queues.
 * {@link #send} writes one multipart message (thread-safe); {@link #receive} blocks for the next
 * one and must be called from one thread. Commands from the peer are handled inside {@code
 * receive}: {@code PING} gets its {@code PONG}, {@code ERROR} ends the connection, others are
 * ignored.
 *
 * <p>The connection announces version 3.0, so a {@code SUB} subscribes with a message whose first
 * byte is 1 (libzmq 4.x accepts it from 3.0 peers; {@code SUBSCRIBE} commands came with 3.1).
 */
final class Zmtp implements AutoCloseable {

  /** The greeting's length: signature 10, version 2, mechanism 20, as-server 1, filler 31. */
  static final int GREETING_LENGTH = 64;

  private static final int FLAG_MORE = 0x01;
  private static final int FLAG_LONG = 0x02;
  private static final int FLAG_COMMAND = 0x04;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final String socketType;
  private String peerSocketType = "";

  private Zmtp(Socket socket, String socketType) throws IOException {
    this.socket = socket;
    this.socketType = socketType;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  /**
   * Greets the peer on a connected socket and exchanges {@code READY}.
   *
   * @param socket the connected socket; closed if the handshake fails
   * @param socketType this side's ZeroMQ socket type, for example {@code DEALER} or {@code SUB}
   * @return the connection, ready for messages
   * @throws IOException if the peer does not speak ZMTP 3 with NULL security or refuses the type
   */
  static Zmtp handshake(Socket socket, String socketType) throws IOException {
    Zmtp zmtp = new Zmtp(socket, socketType);
    try {
      zmtp.greet();
      return zmtp;
    } catch (IOException | RuntimeException e) {
      zmtp.close();
      throw e;
    }
  }

  private void greet() throws IOException {
    out.write(greeting());
    out.flush();
    byte[] peer = new byte[GREETING_LENGTH];
    in.readFully(peer);
    checkGreeting(peer);
    writeCommand(readyCommand(socketType));
    out.flush();
    Frame first = readFrame();
    if (!first.command()) {
      throw new IOException("the peer sent a message before its READY command");
    }
    String name = commandName(first.body());
    if ("ERROR".equals(name)) {
      throw new IOException("the peer refused the connection: " + errorReason(first.body()));
    }
    if (!"READY".equals(name)) {
      throw new IOException("the peer sent " + name + " where READY was expected");
    }
    peerSocketType = readyProperty(first.body(), "Socket-Type");
  }

  /**
   * The socket type the peer announced in its {@code READY}.
   *
   * @return for example {@code ROUTER} or {@code PUB}
   */
  String peerSocketType() {
    return peerSocketType;
  }

  /**
   * Sends one multipart message (all frames in one write).
   *
   * @param frames the message's frames, at least one
   * @throws IOException if the connection fails
   */
  synchronized void send(List<byte[]> frames) throws IOException {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a ZeroMQ message has at least one frame");
    }
    for (int i = 0; i < frames.size(); i++) {
      writeFrame(frames.get(i), i < frames.size() - 1 ? FLAG_MORE : 0);
    }
    out.flush();
  }

  /**
   * Subscribes a {@code SUB} connection to messages whose first frame starts with a prefix.
   *
   * @param prefix the topic prefix; empty for every message
   * @throws IOException if the connection fails
   */
  void subscribe(byte[] prefix) throws IOException {
    byte[] body = new byte[prefix.length + 1];
    body[0] = 1;
    System.arraycopy(prefix, 0, body, 1, prefix.length);
    send(List.of(body));
  }

  /**
   * Reads the next message, answering and skipping commands.
   *
   * @return its frames, or {@code null} when the peer closed the connection between messages
   * @throws IOException if the connection fails, the peer sends {@code ERROR}, or a message ends
   *     half way
   */
  List<byte[]> receive() throws IOException {
    List<byte[]> frames = new ArrayList<>(8);
    while (true) {
      Frame frame;
      try {
        frame = readFrame();
      } catch (EOFException e) {
        if (frames.isEmpty()) {
          return null;
        }
        throw new EOFException("the peer closed the connection inside a message");
      }
      if (frame.command()) {
        String name = commandName(frame.body());
        if ("PING".equals(name)) {
          pong(frame.body());
        } else if ("ERROR".equals(name)) {
          throw new IOException("the peer ended the connection: " + errorReason(frame.body()));
        }
        continue;
      }
      frames.add(frame.body());
      if (!frame.more()) {
        return frames;
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  // ---------------------------------------------------------------- wire format

  record Frame(boolean command, boolean more, byte[] body) {}

  private Frame readFrame() throws IOException {
    int flags = in.read();
    if (flags < 0) {
      throw new EOFException("the peer closed the connection");
    }
    if ((flags & ~(FLAG_MORE | FLAG_LONG | FLAG_COMMAND)) != 0) {
      throw new IOException(String.format("malformed ZMTP frame (flags 0x%02x)", flags));
    }
    long size = (flags & FLAG_LONG) != 0 ? in.readLong() : in.readUnsignedByte();
    if (size < 0 || size > Integer.MAX_VALUE - 16) {
      throw new IOException("a ZMTP frame of " + size + " bytes is too large to read");
    }
    byte[] body = new byte[(int) size];
    in.readFully(body);
    return new Frame((flags & FLAG_COMMAND) != 0, (flags & FLAG_MORE) != 0, body);
  }

  private void writeFrame(byte[] body, int flags) throws IOException {
    if (body.length > 255) {
      out.write(flags | FLAG_LONG);
      long size = body.length;
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (size >>> shift));
      }
    } else {
      out.write(flags);
      out.write(body.length);
    }
    out.write(body);
  }

  private void writeCommand(byte[] body) throws IOException {
    writeFrame(body, FLAG_COMMAND);
  }

  private synchronized void pong(byte[] ping) throws IOException {
    // PING: name, TTL (2 bytes), context (up to 16 bytes); PONG echoes the context.
    int contextStart = 1 + 4 + 2;
    byte[] context =
        ping.length > contextStart
            ? java.util.Arrays.copyOfRange(ping, contextStart, ping.length)
            : new byte[0];
    byte[] body = new byte[1 + 4 + context.length];
    body[0] = 4;
    System.arraycopy("PONG".getBytes(StandardCharsets.US_ASCII), 0, body, 1, 4);
    System.arraycopy(context, 0, body, 5, context.length);
    writeCommand(body);
    out.flush();
  }

  /** This side's greeting: ZMTP 3.0, NULL mechanism, not as server. */
  static byte[] greeting() {
    byte[] g = new byte[GREETING_LENGTH];
    g[0] = (byte) 0xFF;
    g[9] = 0x7F;
    g[10] = 3;
    g[11] = 0;
    byte[] mechanism = "NULL".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(mechanism, 0, g, 12, mechanism.length);
    return g;
  }

  /** Checks the peer's greeting: ZMTP signature, major version 3 or later, NULL mechanism. */
  static void checkGreeting(byte[] g) throws IOException {
    if ((g[0] & 0xFF) != 0xFF || g[9] != 0x7F) {
      throw new IOException("the peer is not a ZeroMQ socket (no ZMTP signature)");
    }
    if (g[10] < 3) {
      throw new IOException(
          "the peer speaks ZMTP " + g[10] + "." + g[11] + "; version 3.0 or later is needed");
    }
    String mechanism = new String(g, 12, 20, StandardCharsets.US_ASCII).replace("\0", "");
    if (!"NULL".equals(mechanism)) {
      throw new IOException(
          "the peer uses ZMTP security mechanism " + mechanism + "; only NULL is supported");
    }
  }

  /** A {@code READY} command body announcing a socket type. */
  static byte[] readyCommand(String socketType) {
    byte[] name = "READY".getBytes(StandardCharsets.US_ASCII);
    byte[] key = "Socket-Type".getBytes(StandardCharsets.US_ASCII);
    byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[1 + name.length + 1 + key.length + 4 + value.length];
    int i = 0;
    body[i++] = (byte) name.length;
    System.arraycopy(name, 0, body, i, name.length);
    i += name.length;
    body[i++] = (byte) key.length;
    System.arraycopy(key, 0, body, i, key.length);
    i += key.length;
    body[i++] = 0;
    body[i++] = 0;
    body[i++] = 0;
    body[i++] = (byte) value.length;
    System.arraycopy(value, 0, body, i, value.length);
    return body;
  }

  static String commandName(byte[] body) throws IOException {
    if (body.length < 1 || body.length < 1 + (body[0] & 0xFF)) {
      throw new IOException("malformed ZMTP command");
    }
    return new String(body, 1, body[0] & 0xFF, StandardCharsets.US_ASCII);
  }

  /** A property of a {@code READY} command, or an empty string. */
  static String readyProperty(byte[] body, String wanted) throws IOException {
    int i = 1 + (body[0] & 0xFF);
    while (i < body.length) {
      int nameLength = body[i++] & 0xFF;
      if (i + nameLength + 4 > body.length) {
        throw new IOException("malformed ZMTP READY command");
      }
      String name = new String(body, i, nameLength, StandardCharsets.US_ASCII);
      i += nameLength;
      long valueLength =
          ((body[i] & 0xFFL) << 24)
              | ((body[i + 1] & 0xFFL) << 16)
              | ((body[i + 2] & 0xFFL) << 8)
              | (body[i + 3] & 0xFFL);
      i += 4;
      if (i + valueLength > body.length) {
        throw new IOException("malformed ZMTP READY command");
      }
      if (name.equalsIgnoreCase(wanted)) {
        return new String(body, i, (int) valueLength, StandardCharsets.US_ASCII);
      }
      i += (int) valueLength;
    }
    return "";
  }

  private static String errorReason(byte[] body) {
    int i = 1 + (body[0] & 0xFF);
    if (i >= body.length) {
      return "(no reason given)";
    }
    int length = Math.min(body[i] & 0xFF, body.length - i - 1);
    return new String(body, i + 1, length, StandardCharsets.US_ASCII);
  }
}
