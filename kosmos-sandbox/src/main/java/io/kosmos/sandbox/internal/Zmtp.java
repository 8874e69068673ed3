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
 * ignored. The peer is not trusted (it is the kernel, which runs the code): what {@code receive}
 * holds is bounded by its limits, whatever sizes the peer announces.
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
  private final byte[] skipBuffer = new byte[64 * 1024];
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
   * A frame as received: all its bytes, or, for a frame over the size limit, only its first {@link
   * #PREFIX_BYTES} (the rest was read from the socket and dropped).
   *
   * @param bytes the bytes kept
   * @param size the frame's size on the wire
   */
  record Part(byte[] bytes, long size) {
    /** Whether every byte of the frame was kept. */
    boolean whole() {
      return bytes.length == size;
    }
  }

  /**
   * A message as received within limits.
   *
   * @param parts its first frames, each whole or cut to a prefix
   * @param skippedFrames frames past the limit on their number, read and dropped
   * @param skippedBytes their bytes
   */
  record Message(List<Part> parts, int skippedFrames, long skippedBytes) {}

  /** How much of a frame over the size limit is kept: enough for a JSON object's first fields. */
  static final int PREFIX_BYTES = 4096;

  /** The largest command accepted; commands are a few bytes (READY, PING, ERROR). */
  static final int MAX_COMMAND_BYTES = 64 * 1024;

  /**
   * Reads the next message, answering and skipping commands. Memory stays bounded whatever the peer
   * sends: a frame over {@code maxFrameBytes} is read through a small buffer and only its first
   * {@link #PREFIX_BYTES} kept, and frames past the first {@code maxFrames} are read and dropped.
   *
   * @param maxFrameBytes the largest frame kept whole
   * @param maxFrames the most frames kept
   * @return the message, or {@code null} when the peer closed the connection between messages
   * @throws IOException if the connection fails, the peer sends {@code ERROR}, or a message ends
   *     half way
   */
  Message receive(long maxFrameBytes, int maxFrames) throws IOException {
    List<Part> parts = new ArrayList<>(8);
    int skippedFrames = 0;
    long skippedBytes = 0;
    boolean started = false;
    while (true) {
      int flags;
      long size;
      try {
        flags = in.read();
        if (flags < 0) {
          throw new EOFException("the peer closed the connection");
        }
        size = frameSize(flags);
      } catch (EOFException e) {
        if (!started) {
          return null;
        }
        throw new EOFException("the peer closed the connection inside a message");
      }
      if ((flags & FLAG_COMMAND) != 0) {
        command(readBody(size, MAX_COMMAND_BYTES, true));
        continue;
      }
      started = true;
      if (parts.size() < maxFrames) {
        parts.add(readPart(size, maxFrameBytes));
      } else {
        discard(size);
        skippedFrames++;
        skippedBytes += size;
      }
      if ((flags & FLAG_MORE) == 0) {
        return new Message(parts, skippedFrames, skippedBytes);
      }
    }
  }

  private void command(byte[] body) throws IOException {
    String name = commandName(body);
    if ("PING".equals(name)) {
      pong(body);
    } else if ("ERROR".equals(name)) {
      throw new IOException("the peer ended the connection: " + errorReason(body));
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

  /** Reads one frame of the handshake, a command no larger than {@link #MAX_COMMAND_BYTES}. */
  private Frame readFrame() throws IOException {
    int flags = in.read();
    if (flags < 0) {
      throw new EOFException("the peer closed the connection");
    }
    long size = frameSize(flags);
    boolean command = (flags & FLAG_COMMAND) != 0;
    // Before READY the peer has no business sending anything large.
    byte[] body = readBody(size, MAX_COMMAND_BYTES, command);
    return new Frame(command, (flags & FLAG_MORE) != 0, body);
  }

  private long frameSize(int flags) throws IOException {
    if ((flags & ~(FLAG_MORE | FLAG_LONG | FLAG_COMMAND)) != 0) {
      throw new IOException(String.format("malformed ZMTP frame (flags 0x%02x)", flags));
    }
    long size = (flags & FLAG_LONG) != 0 ? in.readLong() : in.readUnsignedByte();
    if (size < 0) {
      throw new IOException("malformed ZMTP frame (size " + size + ")");
    }
    return size;
  }

  private byte[] readBody(long size, int max, boolean command) throws IOException {
    if (size > max) {
      throw new IOException(
          "the peer sent a ZMTP " + (command ? "command" : "frame") + " of " + size + " bytes");
    }
    byte[] body = new byte[(int) size];
    in.readFully(body);
    return body;
  }

  private Part readPart(long size, long maxFrameBytes) throws IOException {
    if (size <= maxFrameBytes && size <= Integer.MAX_VALUE - 16) {
      byte[] body = new byte[(int) size];
      in.readFully(body);
      return new Part(body, size);
    }
    byte[] prefix = new byte[(int) Math.min(PREFIX_BYTES, size)];
    in.readFully(prefix);
    discard(size - prefix.length);
    return new Part(prefix, size);
  }

  /** Reads and drops bytes through one small buffer, so that no size of frame is ever held. */
  private void discard(long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      int n = in.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, left));
      if (n < 0) {
        throw new EOFException("the peer closed the connection inside a frame");
      }
      left -= n;
    }
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
