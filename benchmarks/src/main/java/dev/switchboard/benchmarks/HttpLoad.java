package dev.switchboard.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A closed-loop HTTP/1.1 load generator on plain sockets: each client has one keep-alive connection to 127.0.0.1 and
 * sends the next request as soon as the previous answer is read. Plain sockets rather than java.net.http, because on
 * a 2-core machine the client shares the CPU with the server and should cost as little of it as possible. Every run
 * is bounded in time, and every client in the number of calls it records.
 */
final class HttpLoad {

    /** Calls one client records at most; beyond it the client stops. */
    private static final int MAX_CALLS_PER_CLIENT = 2_000_000;

    private static final int SOCKET_TIMEOUT_MS = 30_000;

    /** One call: when it started (System.nanoTime), how long it took, its status (0: I/O error). */
    record Calls(long[] starts, long[] nanos, int[] statuses, int count) {}

    /** What a run saw. */
    record Result(int clients, double seconds, List<Calls> perClient) {

        long ok() {
            long n = 0;
            for (Calls c : perClient) {
                for (int i = 0; i < c.count(); i++) {
                    n += c.statuses()[i] == 200 ? 1 : 0;
                }
            }
            return n;
        }

        long total() {
            return perClient.stream().mapToLong(Calls::count).sum();
        }

        double throughput() {
            return ok() / seconds;
        }

        /** Latencies of the calls (all of them, failed ones too). */
        Stats latencies() {
            long[] all = new long[(int) total()];
            int k = 0;
            for (Calls c : perClient) {
                System.arraycopy(c.nanos(), 0, all, k, c.count());
                k += c.count();
            }
            return Stats.of(all);
        }

        /** Status counts of the calls that did not answer 200 ("0" for an I/O error). */
        Map<String, Long> failures() {
            Map<String, Long> counts = new TreeMap<>();
            for (Calls c : perClient) {
                for (int i = 0; i < c.count(); i++) {
                    if (c.statuses()[i] != 200) {
                        counts.merge(String.valueOf(c.statuses()[i]), 1L, Long::sum);
                    }
                }
            }
            return counts;
        }
    }

    /** The targets' ports, and the request bytes for each (its Host and Authorization headers). */
    private final int[] ports;

    private final byte[][] requests;

    HttpLoad(int port, String method, String path, String authorization, String body) {
        this(new int[] {port}, new String[] {authorization}, method, path, body);
    }

    /**
     * Round-robin over several hosts (the nodes of a cluster): each client keeps one keep-alive connection to every
     * host and sends call n to host n mod hosts (clients start on different hosts), as a load balancer spreading
     * requests would.
     */
    HttpLoad(int[] ports, String[] authorizations, String method, String path, String body) {
        if (ports.length == 0 || ports.length != authorizations.length) {
            throw new IllegalArgumentException("one authorization per port, at least one port");
        }
        this.ports = ports.clone();
        this.requests = new byte[ports.length][];
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < ports.length; i++) {
            String head = method + " " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + ports[i] + "\r\n"
                    + "Authorization: " + authorizations[i] + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + content.length + "\r\n"
                    + "\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[headBytes.length + content.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(content, 0, request, headBytes.length, content.length);
            requests[i] = request;
        }
    }

    /** Runs {@code clients} clients: {@code warmup} unrecorded, then {@code measure} recorded. */
    Result run(int clients, Duration warmup, Duration measure) throws InterruptedException {
        return run(clients, warmup, measure, new AtomicBoolean());
    }

    /**
     * As {@link #run(int, Duration, Duration)}, but the recorded phase also ends early when {@code stop} is set (it
     * still ends at {@code measure} at the latest).
     */
    Result run(int clients, Duration warmup, Duration measure, AtomicBoolean stop) throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        List<Calls> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        long[][] starts = new long[clients][];
        long[][] nanos = new long[clients][];
        int[][] statuses = new int[clients][];
        int[] counts = new int[clients];
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread t = new Thread(
                    () -> {
                        try {
                            Recorder r = new Recorder();
                            client(client, measureFrom, end, stop, r);
                            starts[client] = r.starts;
                            nanos[client] = r.nanos;
                            statuses[client] = r.statuses;
                            counts[client] = r.count;
                        } finally {
                            done.countDown();
                        }
                    },
                    "load-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        long timeout = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + SOCKET_TIMEOUT_MS + 5_000;
        if (!done.await(timeout, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("load clients did not stop in time");
        }
        long stoppedAt = System.nanoTime();
        double seconds = (Math.min(stoppedAt, end) - measureFrom) / 1e9;
        for (int i = 0; i < clients; i++) {
            if (counts[i] > 0 || starts[i] != null) {
                results.add(new Calls(starts[i], nanos[i], statuses[i], counts[i]));
            }
        }
        return new Result(clients, seconds, results);
    }

    /** Grows as needed, up to MAX_CALLS_PER_CLIENT. */
    private static final class Recorder {
        long[] starts = new long[1 << 14];
        long[] nanos = new long[1 << 14];
        int[] statuses = new int[1 << 14];
        int count;

        boolean add(long start, long took, int status) {
            if (count == MAX_CALLS_PER_CLIENT) {
                return false;
            }
            if (count == starts.length) {
                int size = Math.min(MAX_CALLS_PER_CLIENT, starts.length * 2);
                starts = java.util.Arrays.copyOf(starts, size);
                nanos = java.util.Arrays.copyOf(nanos, size);
                statuses = java.util.Arrays.copyOf(statuses, size);
            }
            starts[count] = start;
            nanos[count] = took;
            statuses[count] = status;
            count++;
            return true;
        }
    }

    private void client(int index, long measureFrom, long end, AtomicBoolean stop, Recorder recorder) {
        Connection[] connections = new Connection[ports.length];
        int turn = index % ports.length;
        while (true) {
            long start = System.nanoTime();
            if (start >= end || (stop.get() && start >= measureFrom)) {
                break;
            }
            int target = turn;
            turn = (turn + 1) % ports.length;
            int status;
            try {
                if (connections[target] == null) {
                    connections[target] = new Connection(ports[target]);
                }
                status = connections[target].exchange(requests[target]);
                if (connections[target].closed) {
                    connections[target].close();
                    connections[target] = null;
                }
            } catch (IOException e) {
                status = 0;
                if (connections[target] != null) {
                    connections[target].close();
                    connections[target] = null;
                }
                sleepQuietly(5); // the server is not there (yet): no busy loop
            }
            long took = System.nanoTime() - start;
            if (start >= measureFrom && !recorder.add(start, took, status)) {
                break;
            }
        }
        for (Connection connection : connections) {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One keep-alive connection; reads responses with Content-Length or chunked bodies. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        boolean closed;

        Connection(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(SOCKET_TIMEOUT_MS);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("bad status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    closed = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
                        size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers: none expected
                }
            } else if (length > 0) {
                skip(length);
            } else if (length < 0 && code != 204 && code != 304) {
                closed = true; // body until close: not expected from Jetty for these answers
            }
            return code;
        }

        private void skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed in a body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c == '\n') {
                    int len = b.length();
                    if (len > 0 && b.charAt(len - 1) == '\r') {
                        b.setLength(len - 1);
                    }
                    return b.toString();
                }
                if (b.length() > 16 * 1024) {
                    throw new IOException("header line too long");
                }
                b.append((char) c);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
