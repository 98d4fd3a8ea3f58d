package dev.ticktape.adapters.ndjson;

import dev.ticktape.adapters.runtime.InflightBudget;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NDJSON TCP listener: one boss thread accepts, {@value #WORKER_THREADS} worker threads frame and decode lines.
 *
 * <p>Backpressure: when the {@link InflightBudget} pauses, every connection stops reading ({@code autoRead=false}),
 * so the kernel buffers fill and TCP flow control stalls the producers; reading resumes at the low watermark.
 * The event loops never wait for acknowledgements and nothing is queued beyond one read per connection.
 */
public final class NdjsonTcpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NdjsonTcpServer.class);
    static final int WORKER_THREADS = 2;

    private final GatewayConfig config;
    private final LineHandler lineHandler;
    private final InflightBudget budget;
    private final GatewayMetrics metrics;
    private final ChannelGroup channels = new DefaultChannelGroup("ndjson", GlobalEventExecutor.INSTANCE);
    private final InflightBudget.Listener budgetListener = paused -> scheduleApplyReadState();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private EventExecutor readStateExecutor;
    private Channel serverChannel;

    public NdjsonTcpServer(
            GatewayConfig config, LineHandler lineHandler, InflightBudget budget, GatewayMetrics metrics) {
        this.config = config;
        this.lineHandler = lineHandler;
        this.budget = budget;
        this.metrics = metrics;
    }

    /** Binds the listener; returns once it accepts connections. */
    public synchronized void start() throws InterruptedException {
        if (serverChannel != null) throw new IllegalStateException("already started");
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ndjson-accept"), NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(
                WORKER_THREADS, new DefaultThreadFactory("ndjson-io"), NioIoHandler.newFactory());
        // Pause/resume flips are applied on this one thread, in order, so the last flip always wins.
        readStateExecutor = boss.next();
        budget.addListener(budgetListener);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new NdjsonConnectionHandler(
                                        lineHandler, metrics, channels, NdjsonTcpServer.this::scheduleApplyReadState));
                    }
                });
        if (config.receiveBufferBytes() > 0) {
            // Set on the listener so accepted sockets inherit it before the TCP window is negotiated.
            bootstrap.option(ChannelOption.SO_RCVBUF, config.receiveBufferBytes());
        }
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdownGroups();
            throw e;
        }
        log.info("ndjson gateway listening on {}", serverChannel.localAddress());
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return localAddress().getPort();
    }

    public InetSocketAddress localAddress() {
        if (serverChannel == null) throw new IllegalStateException("not started");
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int openConnections() {
        return channels.size();
    }

    /**
     * Stops accepting, closes every connection (lines already received are handled; a trailing partial line is
     * processed as a last line) and stops the threads. Does not wait for acknowledgements.
     */
    @Override
    public synchronized void close() {
        if (serverChannel == null) return;
        budget.removeListener(budgetListener);
        serverChannel.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly();
        shutdownGroups();
        serverChannel = null;
        log.info("ndjson gateway stopped");
    }

    private void shutdownGroups() {
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void scheduleApplyReadState() {
        try {
            readStateExecutor.execute(this::applyReadState);
        } catch (RejectedExecutionException e) {
            // shutting down: nothing left to pause or resume
        }
    }

    private void applyReadState() {
        boolean read = !budget.isPaused();
        for (Channel ch : channels) {
            ch.config().setAutoRead(read);
        }
    }
}
