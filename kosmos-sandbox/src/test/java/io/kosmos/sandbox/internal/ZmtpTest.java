package io.kosmos.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ZMTP 3.0 framing, against a peer written byte by byte from RFC 23 (not with {@link Zmtp}
 * itself, so a mistake cannot cancel out). The real counterpart, libzmq in a kernel, is exercised
 * by the Docker sandbox integration tests.
 */
class ZmtpTest {

  ServerSocket server;
  Socket peer;
  DataInputStream peerIn;
  OutputStream peerOut;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws IOException {
    if (peer != null) {
      peer.close();
    }
    server.close();
  }

  /** Connects, plays the peer's side of the handshake, and returns the connection. */
  Zmtp connect(String peerType) throws Exception {
    CompletableFuture<Zmtp> client = dial();
    byte[] greeting = new byte[64];
    peerIn.readFully(greeting);
    assertThat(greeting[0] & 0xFF).isEqualTo(0xFF);
    assertThat(greeting[9]).isEqualTo((byte) 0x7F);
    assertThat(greeting[10]).isEqualTo((byte) 3);
    assertThat(new String(greeting, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("NULL");
    assertThat(Arrays.copyOfRange(greeting, 16, 64)).containsOnly((byte) 0);
    peerOut.write(peerGreeting(3, 1, "NULL"));
    // The client's READY: short command, "READY", Socket-Type = DEALER.
    assertThat(peerIn.readUnsignedByte()).isEqualTo(0x04);
    byte[] ready = new byte[peerIn.readUnsignedByte()];
    peerIn.readFully(ready);
    assertThat(Zmtp.commandName(ready)).isEqualTo("READY");
    assertThat(Zmtp.readyProperty(ready, "Socket-Type")).isEqualTo("DEALER");
    writeCommand(ready(peerType));
    return client.get(5, TimeUnit.SECONDS);
  }

  /** Starts a DEALER's handshake in the background and accepts it as the peer. */
  CompletableFuture<Zmtp> dial() throws IOException {
    CompletableFuture<Zmtp> client =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Zmtp.handshake(
                    new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()), "DEALER");
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    peer = server.accept();
    peerIn = new DataInputStream(peer.getInputStream());
    peerOut = peer.getOutputStream();
    return client;
  }

  static byte[] peerGreeting(int major, int minor, String mechanism) {
    byte[] g = new byte[64];
    g[0] = (byte) 0xFF;
    g[9] = 0x7F;
    g[10] = (byte) major;
    g[11] = (byte) minor;
    byte[] m = mechanism.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(m, 0, g, 12, m.length);
    return g;
  }

  static byte[] ready(String type) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(5);
    b.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
    // An extra property first, to check the reader skips it.
    b.write(8);
    b.writeBytes("Identity".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {0, 0, 0, 2, 'i', 'd'});
    b.write(11);
    b.writeBytes("Socket-Type".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {0, 0, 0, (byte) type.length()});
    b.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  void writeCommand(byte[] body) throws IOException {
    peerOut.write(0x04);
    peerOut.write(body.length);
    peerOut.write(body);
    peerOut.flush();
  }

  static List<byte[]> receive(Zmtp zmtp) throws IOException {
    Zmtp.Message message = zmtp.receive(1 << 20, 64);
    return message == null ? null : message.parts().stream().map(Zmtp.Part::bytes).toList();
  }

  @Test
  void framesOverTheLimitAreReadPastKeepingOnlyTheirStart() throws Exception {
    try (Zmtp zmtp = connect("ROUTER")) {
      byte[] big = new byte[10 << 20];
      Arrays.fill(big, (byte) 'y');
      big[0] = '{';
      // Written while the other side reads: 10 MiB do not fit in the socket's buffers.
      CompletableFuture<Void> written =
          CompletableFuture.runAsync(
              () -> {
                try {
                  peerOut.write(new byte[] {0x01, 2, 'h', 'i'});
                  peerOut.write(0x03);
                  peerOut.write(java.nio.ByteBuffer.allocate(8).putLong(big.length).array());
                  peerOut.write(big);
                  // Two more frames, past a limit of two frames per message, then the next one.
                  peerOut.write(new byte[] {0x01, 1, 'a', 0x00, 1, 'b', 0x00, 2, 'o', 'k'});
                  peerOut.flush();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean)
              java.lang.management.ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadAllocatedBytes();
      Zmtp.Message message = zmtp.receive(64 * 1024, 2);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertThat(message.parts()).hasSize(2);
      assertThat(message.parts().get(0).whole()).isTrue();
      Zmtp.Part cut = message.parts().get(1);
      assertThat(cut.whole()).isFalse();
      assertThat(cut.size()).isEqualTo(big.length);
      assertThat(cut.bytes()).hasSize(Zmtp.PREFIX_BYTES);
      assertThat(cut.bytes()[0]).isEqualTo((byte) '{');
      assertThat(message.skippedFrames()).isEqualTo(2);
      assertThat(message.skippedBytes()).isEqualTo(2);
      written.get(10, TimeUnit.SECONDS);
      assertThat(allocated).as("bytes allocated to read 10 MiB").isLessThan(1 << 20);
      assertThat(receive(zmtp))
          .singleElement()
          .satisfies(b -> assertThat(b).isEqualTo("ok".getBytes()));
    }
  }

  @Test
  void aCommandLargerThanACommandCanBeEndsTheConnection() throws Exception {
    try (Zmtp zmtp = connect("ROUTER")) {
      peerOut.write(0x06);
      peerOut.write(java.nio.ByteBuffer.allocate(8).putLong(1L << 30).array());
      peerOut.flush();
      assertThatThrownBy(() -> receive(zmtp)).hasMessageContaining("command of 1073741824 bytes");
    }
  }

  @Test
  void handshakeLearnsThePeersSocketType() throws Exception {
    try (Zmtp zmtp = connect("ROUTER")) {
      assertThat(zmtp.peerSocketType()).isEqualTo("ROUTER");
    }
  }

  @Test
  void sendsMultipartMessagesWithShortAndLongFrames() throws Exception {
    try (Zmtp zmtp = connect("ROUTER")) {
      byte[] big = new byte[300];
      Arrays.fill(big, (byte) 'x');
      zmtp.send(List.of("a".getBytes(StandardCharsets.US_ASCII), big, new byte[0]));
      // Frame 1: MORE, short, 1 byte.
      assertThat(peerIn.readUnsignedByte()).isEqualTo(0x01);
      assertThat(peerIn.readUnsignedByte()).isEqualTo(1);
      assertThat(peerIn.readUnsignedByte()).isEqualTo('a');
      // Frame 2: MORE | LONG, 8-byte size.
      assertThat(peerIn.readUnsignedByte()).isEqualTo(0x03);
      assertThat(peerIn.readLong()).isEqualTo(300);
      byte[] body = new byte[300];
      peerIn.readFully(body);
      assertThat(body).isEqualTo(big);
      // Frame 3: last, short, empty.
      assertThat(peerIn.readUnsignedByte()).isEqualTo(0x00);
      assertThat(peerIn.readUnsignedByte()).isEqualTo(0);
    }
  }

  @Test
  void subscribingSendsTheVersion30SubscriptionMessage() throws Exception {
    try (Zmtp zmtp = connect("PUB")) {
      zmtp.subscribe("kernel".getBytes(StandardCharsets.US_ASCII));
      assertThat(peerIn.readUnsignedByte()).isEqualTo(0x00);
      byte[] body = new byte[peerIn.readUnsignedByte()];
      peerIn.readFully(body);
      assertThat(body[0]).isEqualTo((byte) 1);
      assertThat(new String(body, 1, body.length - 1, StandardCharsets.US_ASCII))
          .isEqualTo("kernel");
    }
  }

  @Test
  void receivesMessagesAndAnswersPingsInBetween() throws Exception {
    try (Zmtp zmtp = connect("ROUTER")) {
      // PING with TTL 0 and context "ctx", then a two-frame message with a long second frame.
      ByteArrayOutputStream ping = new ByteArrayOutputStream();
      ping.write(4);
      ping.writeBytes("PING".getBytes(StandardCharsets.US_ASCII));
      ping.writeBytes(new byte[] {0, 0, 'c', 't', 'x'});
      writeCommand(ping.toByteArray());
      peerOut.write(new byte[] {0x01, 2, 'h', 'i'});
      peerOut.write(0x02);
      peerOut.write(new byte[] {0, 0, 0, 0, 0, 0, 1, 0});
      peerOut.write(new byte[256]);
      peerOut.flush();
      List<byte[]> message = receive(zmtp);
      assertThat(message).hasSize(2);
      assertThat(new String(message.get(0), StandardCharsets.US_ASCII)).isEqualTo("hi");
      assertThat(message.get(1)).hasSize(256);
      // The PONG echoes the context.
      assertThat(peerIn.readUnsignedByte()).isEqualTo(0x04);
      byte[] pong = new byte[peerIn.readUnsignedByte()];
      peerIn.readFully(pong);
      assertThat(Zmtp.commandName(pong)).isEqualTo("PONG");
      assertThat(new String(pong, 5, pong.length - 5, StandardCharsets.US_ASCII)).isEqualTo("ctx");
    }
  }

  @Test
  void endOfStreamBetweenMessagesIsNullAndInsideOneIsAnError() throws Exception {
    try (Zmtp zmtp = connect("ROUTER")) {
      peerOut.write(new byte[] {0x00, 1, 'x'});
      peerOut.flush();
      assertThat(receive(zmtp)).hasSize(1);
      peer.shutdownOutput();
      assertThat(receive(zmtp)).isNull();
    }
    peer.close();
    try (Zmtp zmtp = connect("ROUTER")) {
      peerOut.write(new byte[] {0x01, 1, 'x'});
      peerOut.flush();
      peer.shutdownOutput();
      assertThatThrownBy(() -> receive(zmtp)).hasMessageContaining("inside a message");
    }
  }

  @Test
  void anErrorCommandEndsTheConnectionWithItsReason() throws Exception {
    try (Zmtp zmtp = connect("ROUTER")) {
      ByteArrayOutputStream error = new ByteArrayOutputStream();
      error.write(5);
      error.writeBytes("ERROR".getBytes(StandardCharsets.US_ASCII));
      error.write(7);
      error.writeBytes("go away".getBytes(StandardCharsets.US_ASCII));
      writeCommand(error.toByteArray());
      assertThatThrownBy(() -> receive(zmtp)).hasMessageContaining("go away");
    }
  }

  @Test
  void malformedFlagsAreRejected() throws Exception {
    try (Zmtp zmtp = connect("ROUTER")) {
      peerOut.write(new byte[] {(byte) 0x80, 0});
      peerOut.flush();
      assertThatThrownBy(() -> receive(zmtp)).hasMessageContaining("malformed ZMTP frame");
    }
  }

  @Test
  void greetingsOfOtherProtocolsVersionsAndMechanismsAreRefused() {
    byte[] http =
        Arrays.copyOf("HTTP/1.1 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII), 64);
    assertThatThrownBy(() -> Zmtp.checkGreeting(http)).hasMessageContaining("not a ZeroMQ socket");
    assertThatThrownBy(() -> Zmtp.checkGreeting(peerGreeting(2, 0, "NULL")))
        .hasMessageContaining("ZMTP 2.0");
    assertThatThrownBy(() -> Zmtp.checkGreeting(peerGreeting(3, 0, "CURVE")))
        .hasMessageContaining("CURVE");
  }

  @Test
  void aPeerThatRefusesTheHandshakeSaysWhy() throws Exception {
    CompletableFuture<Zmtp> client = dial();
    peerIn.readFully(new byte[64]);
    peerOut.write(peerGreeting(3, 0, "NULL"));
    ByteArrayOutputStream error = new ByteArrayOutputStream();
    error.write(5);
    error.writeBytes("ERROR".getBytes(StandardCharsets.US_ASCII));
    error.write(19);
    error.writeBytes("Invalid socket type".getBytes(StandardCharsets.US_ASCII));
    writeCommand(error.toByteArray());
    assertThatThrownBy(() -> client.get(5, TimeUnit.SECONDS))
        .hasRootCauseMessage("the peer refused the connection: Invalid socket type");
  }

  @Test
  void readyPropertiesAreFoundByNameAndMalformedCommandsRejected() throws IOException {
    byte[] ready = ready("PUB");
    assertThat(Zmtp.readyProperty(ready, "socket-type")).isEqualTo("PUB");
    assertThat(Zmtp.readyProperty(ready, "Identity")).isEqualTo("id");
    assertThat(Zmtp.readyProperty(ready, "Resource")).isEmpty();
    byte[] cut = Arrays.copyOf(ready, ready.length - 2);
    assertThatThrownBy(() -> Zmtp.readyProperty(cut, "Socket-Type"))
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> Zmtp.commandName(new byte[] {9, 'R'}))
        .hasMessageContaining("malformed");
    assertThat(Zmtp.readyCommand("SUB")).isEqualTo(readyOf("SUB"));
  }

  /** READY with only Socket-Type, as the client sends it. */
  static byte[] readyOf(String type) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(5);
    b.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
    b.write(11);
    b.writeBytes("Socket-Type".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {0, 0, 0, (byte) type.length()});
    b.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }
}
