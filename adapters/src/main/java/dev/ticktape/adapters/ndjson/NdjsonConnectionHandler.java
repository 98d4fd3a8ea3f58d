package dev.ticktape.adapters.ndjson;

import dev.ticktape.model.codec.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection: frames bytes into lines and passes them to the {@link LineHandler}. A line still without
 * newline when the producer closes the connection is processed as a final line, and recorded as a
 * {@code PRODUCER_DROP} gap (the producer stopped mid-stream). A publish failure closes the
 * connection (so the producer learns its lines may not have been accepted) and is logged once.
 */
final class NdjsonConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(NdjsonConnectionHandler.class);
    /** Direct buffers are copied through this much heap at a time. */
    private static final int COPY_CHUNK = 16 * 1024;

    private final LineHandler lineHandler;
    private final GatewayMetrics metrics;
    private final ChannelGroup channels;
    private final Runnable applyReadState;
    private final AtomicBoolean failed = new AtomicBoolean();
    private LineSession session;
    private LineSplitter splitter;
    private byte[] scratch;

    NdjsonConnectionHandler(
            LineHandler lineHandler, GatewayMetrics metrics, ChannelGroup channels, Runnable applyReadState) {
        this.lineHandler = lineHandler;
        this.metrics = metrics;
        this.channels = channels;
        this.applyReadState = applyReadState;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        LineSource source = LineSource.tcp((InetSocketAddress) ctx.channel().remoteAddress());
        session = lineHandler.open(source, failure -> onPublishFailure(ctx, failure));
        splitter = lineHandler.splitter(session);
        metrics.connectionOpened();
        log.info("ndjson connection opened {}", LogText.printable(source.label()));
        // The channel starts with auto-read off; the server turns it on unless backpressure is in force.
        channels.add(ctx.channel());
        applyReadState.run();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (failed.get()) return; // closing: do not accept more lines on a connection we are rejecting
            if (buf.hasArray()) {
                splitter.feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
            } else {
                if (scratch == null) scratch = new byte[COPY_CHUNK];
                while (buf.isReadable()) {
                    int n = Math.min(scratch.length, buf.readableBytes());
                    buf.readBytes(scratch, 0, n);
                    splitter.feed(scratch, 0, n);
                }
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session == null) return;
        if (splitter.hasPartial()) {
            // The producer went away mid-line (EOF without newline, connection reset): what it was sending is lost.
            lineHandler.producerDropped(
                    session, System.currentTimeMillis(), "connection closed in the middle of a line");
        }
        if (failed.get()) {
            splitter.discardPartial();
        } else {
            splitter.finish();
        }
        // Every line is handed over: the channel's end ticks go out behind them.
        session.close();
        metrics.connectionClosed();
        log.info(
                "ndjson connection closed {} {}",
                LogText.printable(session.source().label()),
                session.totals());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String label = session == null
                ? String.valueOf(ctx.channel().remoteAddress())
                : session.source().label();
        log.warn("ndjson connection {} failed: {}", LogText.printable(label), LogText.printable(cause.toString()));
        ctx.close();
    }

    private void onPublishFailure(ChannelHandlerContext ctx, Throwable failure) {
        if (failed.compareAndSet(false, true)) {
            log.warn(
                    "ndjson connection {}: publish failed, closing the connection: {}",
                    LogText.printable(session.source().label()),
                    LogText.printable(failure.toString()));
            ctx.channel().close();
        }
    }
}
