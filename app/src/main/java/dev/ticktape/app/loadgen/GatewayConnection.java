package dev.ticktape.app.loadgen;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator's TCP connection to the gateway. {@link #connect} retries a refused or timed-out connection
 * with a short backoff (100 ms doubling to 1 s) until a deadline, so a gateway that is starting or restarting is
 * waited for instead of failing the run. {@link #write} hands a whole batch of lines to the socket in one call and
 * says whether it all went; a failed write closes the connection.
 */
final class GatewayConnection implements AutoCloseable {
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 1000;
    private static final long MIN_CONNECT_TIMEOUT_MS = 1000;
    private static final long MAX_CONNECT_TIMEOUT_MS = 5000;

    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private String lastFailure = "no attempt";

    GatewayConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** {@code host:port}, for messages. */
    String address() {
        return host + ":" + port;
    }

    boolean connected() {
        return socket != null;
    }

    /** Why the latest attempt or write failed, e.g. {@code connection refused}. */
    String lastFailure() {
        return lastFailure;
    }

    /**
     * Connects, retrying until {@code deadlineMs} (wall clock); at least one attempt is made. Returns false when the
     * deadline passed without a connection ({@link #lastFailure()} says why).
     *
     * @throws GatewayUnreachableException when the host name does not resolve: waiting will not fix a typo
     */
    boolean connect(long deadlineMs) throws IOException {
        close();
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            long left = deadlineMs - System.currentTimeMillis();
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new GatewayUnreachableException("cannot connect to " + address() + ": unknown host " + host);
            }
            Socket s = new Socket();
            try {
                // A last attempt still gets a second: a 1 ms timeout would fail a reachable remote gateway.
                s.connect(address, (int) Math.min(MAX_CONNECT_TIMEOUT_MS, Math.max(MIN_CONNECT_TIMEOUT_MS, left)));
                s.setTcpNoDelay(false);
                socket = s;
                out = s.getOutputStream();
                return true;
            } catch (IOException e) {
                s.close();
                lastFailure = describe(e);
            }
            long sleep = Math.min(backoff, deadlineMs - System.currentTimeMillis());
            if (sleep <= 0) return false;
            LockSupport.parkNanos(sleep * 1_000_000L);
            if (Thread.interrupted()) throw new InterruptedIOException("interrupted while connecting");
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /**
     * Writes {@code len} bytes of {@code buf} in one call. True when the socket took them all; false when the write
     * failed, in which case an unknown prefix of them may have reached the gateway and the connection is closed.
     */
    boolean write(byte[] buf, int len) throws IOException {
        if (socket == null) return false;
        try {
            out.write(buf, 0, len);
            return true;
        } catch (IOException e) {
            lastFailure = describe(e);
            close();
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        Socket s = socket;
        socket = null;
        out = null;
        if (s != null) s.close();
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException
                && e.getMessage() != null
                && e.getMessage().contains("refused")) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) return "connect timed out";
        String msg = e.getMessage();
        return msg == null ? e.getClass().getSimpleName() : msg.replace('\n', ' ');
    }
}
