package dev.embeddedservice.reliability;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A SageMaker Runtime endpoint on loopback that answers the requests a test picks (by their body)
 * with a hostile {@link Answer}, written byte by byte on the raw socket, and forwards every other
 * request to a real emulator, unchanged. Raw sockets, because WireMock cannot send a status line
 * and headers and then stall, which is one of the answers under test.
 *
 * <p>It records what a test needs to judge the client from the outside: how many requests were
 * picked, how many bytes each hostile answer got out before the client hung up, and how many
 * forwarded answers had been delivered by the time the client gave up on the first hostile one.
 */
final class HostileFront implements AutoCloseable {

    /**
     * Writes a (possibly endless or incomplete) answer on a picked request's connection. Returns
     * once the answer is complete; throws {@link IOException} once the client has hung up.
     */
    @FunctionalInterface
    interface Answer {
        void write(Exchange exchange) throws IOException, InterruptedException;
    }

    /** One picked request, its connection, and how many body bytes its answer got out. */
    static final class Exchange {
        final OutputStream out;
        final InputStream in;
        /** The request's headers, names in lower case. */
        final Map<String, String> requestHeaders;
        final String requestBody;
        long bodyBytes;

        Exchange(OutputStream out, InputStream in, Map<String, String> requestHeaders, String requestBody) {
            this.out = out;
            this.in = in;
            this.requestHeaders = requestHeaders;
            this.requestBody = requestBody;
        }

        void head(String head) throws IOException {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void body(byte[] bytes, int length) throws IOException {
            out.write(bytes, 0, length);
            bodyBytes += length;
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "date", "expect", "from",
            "host", "upgrade", "via", "warning", "transfer-encoding", "keep-alive");

    private final URI upstream;
    private final Predicate<String> picked;
    private final Answer hostile;
    private final ServerSocket server;
    /** One for every front: a JDK HttpClient holds a selector thread until it is collected. */
    private static final HttpClient FORWARDER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pickedRequests = new AtomicInteger();
    private final AtomicInteger forwardedAnswers = new AtomicInteger();
    private final List<Long> hostileBytesWritten = new CopyOnWriteArrayList<>();
    private volatile int forwardedWhenFirstDropped = -1;
    private final CountDownLatch firstDrop = new CountDownLatch(1);
    private volatile boolean closed;

    /**
     * @param upstream the emulator's endpoint URL
     * @param picked   which request bodies get the hostile answer
     */
    HostileFront(String upstream, Predicate<String> picked, Answer hostile) throws IOException {
        this.upstream = URI.create(upstream);
        this.picked = picked;
        this.hostile = hostile;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "hostile-front-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests that got the hostile answer. */
    int pickedRequests() {
        return pickedRequests.get();
    }

    /** Forwarded requests whose answer was delivered. */
    int forwardedAnswers() {
        return forwardedAnswers.get();
    }

    /**
     * Body bytes each hostile answer wrote before it ended or the client hung up, once
     * {@code answers} of them have ended: waits (up to a minute) for this side to notice the
     * hang-ups, which it may do after the client's call has returned.
     */
    synchronized List<Long> hostileBytesWritten(int answers) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (hostileBytesWritten.size() < answers && System.nanoTime() < until) {
            wait(1_000);
        }
        return List.copyOf(hostileBytesWritten);
    }

    private synchronized void answerEnded(long bodyBytes) {
        hostileBytesWritten.add(bodyBytes);
        notifyAll();
    }

    /**
     * Forwarded answers delivered when the client hung up on the first hostile answer. Waits (up to
     * a minute) for this side to notice the hang-up, which it may do after the client's call has
     * returned; -1 if the client never hung up.
     */
    int forwardedWhenFirstDropped() throws InterruptedException {
        firstDrop.await(1, TimeUnit.MINUTES);
        return forwardedWhenFirstDropped;
    }

    private void accept() {
        AtomicInteger n = new AtomicInteger();
        while (!closed) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread t = new Thread(() -> serve(socket), "hostile-front-" + n.incrementAndGet());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                if ("100-continue".equalsIgnoreCase(request.headers.get("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                String body = new String(request.body, StandardCharsets.UTF_8);
                if (picked.test(body)) {
                    pickedRequests.incrementAndGet();
                    Exchange exchange = new Exchange(out, in, request.headers, body);
                    try {
                        hostile.write(exchange);
                        out.flush();
                    } catch (IOException hungUp) {
                        dropped();
                    } finally {
                        answerEnded(exchange.bodyBytes);
                    }
                    return; // a hostile answer may be incomplete: never reuse its connection
                }
                forward(request, out);
                forwardedAnswers.incrementAndGet();
            }
        } catch (IOException e) {
            // the client hung up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    private void dropped() {
        synchronized (this) {
            if (forwardedWhenFirstDropped < 0) {
                forwardedWhenFirstDropped = forwardedAnswers.get();
                firstDrop.countDown();
            }
        }
    }

    private void forward(Request request, OutputStream out) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(request.target))
                .method(request.method, HttpRequest.BodyPublishers.ofByteArray(request.body));
        request.headers.forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name)) {
                b.header(name, value);
            }
        });
        HttpResponse<byte[]> response = FORWARDER.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.statusCode()).append(" X\r\n");
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
            }
        });
        head.append("Content-Length: ").append(response.body().length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(response.body());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }

    // ------------------------------------------------------------------ answers

    /**
     * A complete answer: {@code status}, an {@code X-Amzn-ErrorType} unless null, and the body
     * {@code body} makes of the request.
     */
    static Answer answer(int status, String errorType, Function<Exchange, String> body) {
        return x -> {
            byte[] bytes = body.apply(x).getBytes(StandardCharsets.UTF_8);
            x.head("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + (errorType == null ? "" : "\r\nX-Amzn-ErrorType: " + errorType)
                    + "\r\nConnection: close\r\n\r\n");
            x.body(bytes, bytes.length);
        };
    }

    /** A complete 200 answer with this JSON body. */
    static Answer json(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return x -> {
            x.head("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n");
            x.body(bytes, bytes.length);
        };
    }

    /**
     * A status-{@code status} answer announcing {@code size} bytes of body (a JSON object padded
     * with spaces), written 64 KiB at a time until all is out or the client hangs up.
     */
    static Answer huge(int status, String errorType, long size) {
        return x -> {
            x.head("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + size
                    + (errorType == null ? "" : "\r\nX-Amzn-ErrorType: " + errorType)
                    + "\r\nConnection: close\r\n\r\n");
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) ' ');
            block[0] = '{';
            while (x.bodyBytes < size) {
                int n = (int) Math.min(block.length, size - x.bodyBytes);
                if (x.bodyBytes + n == size) {
                    block[n - 1] = '}';
                }
                x.body(block, n);
                block[0] = ' ';
            }
        };
    }

    /** A 200 whose chunked body never ends, sent as fast as the client reads it. */
    static Answer firehose() {
        byte[] chunk = new byte[7 + 65536 + 2];
        byte[] sizeLine = "10000\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sizeLine, 0, chunk, 0, sizeLine.length);
        Arrays.fill(chunk, sizeLine.length, sizeLine.length + 65536, (byte) ' ');
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return x -> {
            x.head("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "1\r\n{\r\n");
            for (;;) {
                x.out.write(chunk, 0, sizeLine.length + 65536 + 2);
                x.bodyBytes += 65536;
            }
        };
    }

    /** A 200 whose chunked body opens the results and then gets one more space every 10 ms, forever. */
    static Answer drip() {
        byte[] space = "1\r\n \r\n".getBytes(StandardCharsets.US_ASCII);
        return x -> {
            x.head("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "c\r\n{\"results\":[\r\n");
            x.bodyBytes = 12;
            for (;;) {
                Thread.sleep(10); // the hostile server's pace, not a wait for anything
                x.out.write(space);
                x.out.flush();
                x.bodyBytes++;
            }
        };
    }

    /** A status line and headers announcing a body, then nothing until the client hangs up. */
    static Answer stallAfterHeaders() {
        return x -> {
            x.head("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n");
            while (x.in.read() >= 0) {
                // the client sends nothing more on this connection; wait for it to hang up
            }
            throw new EOFException("the client hung up");
        };
    }

    // ------------------------------------------------------------------ requests

    /** An HTTP/1.1 request with a Content-Length body. */
    private record Request(String method, String target, Map<String, String> headers, byte[] body) {

        /** The next request on the connection, or null at its end. */
        static Request read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0D0A0D0A) { // CR LF CR LF ends the head
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                last4 = (last4 << 8) | b;
                if (head.size() > 64 * 1024) {
                    throw new IOException("request head too large");
                }
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                return null;
            }
            return new Request(requestLine[0], requestLine[1], headers, body);
        }
    }
}
