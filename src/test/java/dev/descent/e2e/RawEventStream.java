package dev.descent.e2e;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An event stream read over a plain socket, so that a test sets the socket's receive buffer and decides whether it
 * reads at all: a client that stops reading is a real one, whose kernel buffers fill and whose server's writes block.
 * HTTP/1.0, so that the body is the events as sent (no chunks) and ends when the server closes the connection.
 */
final class RawEventStream implements AutoCloseable {

    /** An event with the moment it was read ({@link System#nanoTime()}). */
    record Event(String id, String name, String data, long readNanos) {
    }

    private final Socket socket;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private BufferedReader reader;
    private volatile boolean ended;

    private RawEventStream(Socket socket) {
        this.socket = socket;
    }

    /** Connects and sends the request; nothing is read yet. */
    static RawEventStream request(int port, String path, String apiKey, int receiveBufferBytes) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(receiveBufferBytes);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port
                    + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + apiKey + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new RawEventStream(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the status line and the headers; the status code. */
    int status() throws IOException {
        socket.setSoTimeout(30_000);
        reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String statusLine = reader.readLine();
        if (statusLine == null) {
            throw new IOException("the server closed the connection without answering");
        }
        for (String header = reader.readLine(); header != null && !header.isEmpty(); header = reader.readLine()) {
            // the headers are not needed
        }
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** Reads events on a thread of its own until the server closes the stream; {@link #events} fills meanwhile. */
    RawEventStream readInBackground() {
        Thread thread = new Thread(this::readToTheEnd, "raw-event-stream");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Reads events until the server closes the stream (or resets the connection, as it may when it gives up on a
     * client that read nothing); the status line must have been read.
     */
    void readToTheEnd() {
        String id = null;
        String name = null;
        String data = null;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (name != null || data != null) {
                        events.add(new Event(id, name, data, System.nanoTime()));
                    }
                    id = name = data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5);
                }
            }
        } catch (IOException e) {
            // reset by the server, or closed by this test
        } finally {
            ended = true;
        }
    }

    /**
     * Everything the server sends until it closes or resets the connection, unparsed, for a stream nothing was read
     * from; fails if the connection is still open after a minute.
     */
    String drain() throws IOException {
        socket.setSoTimeout(60_000);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = socket.getInputStream().read(buffer); n != -1; n = socket.getInputStream().read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // a reset drops what was in flight; the connection has ended all the same
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Bytes received and not read yet. */
    int waiting() throws IOException {
        return socket.getInputStream().available();
    }

    List<Event> events() {
        return events;
    }

    /** Whether the server has closed the stream (read to the end only). */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
