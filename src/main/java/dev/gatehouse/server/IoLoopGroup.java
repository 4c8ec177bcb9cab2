package dev.gatehouse.server;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.RejectedExecutionHandlers;
import java.util.concurrent.Executor;

/**
 * The I/O event loops, which also accept: Netty's loops with a short task quantum. A loop runs its
 * queued tasks (a busy download's flush continuations, for one) for at most {@link #TASK_QUANTUM_MS}
 * before it polls for I/O again, where Netty's default is a second. With that default, listeners
 * on the same loops left new clients waiting in the accept queue while downloads ran (6 of 100
 * never accepted within 60 s, docs/performance.md "Large files under concurrency"); with a second
 * thread accepting instead, each new connection woke both threads: about 27 µs of CPU per connection
 * on a shared core against about 10 µs when the loop accepts itself, some 5 % of a full TLS
 * handshake's server CPU (issue 9).
 */
final class IoLoopGroup extends MultiThreadIoEventLoopGroup {

    /** Milliseconds of queued tasks between two looks at the sockets. */
    static final long TASK_QUANTUM_MS = 10;
    /** Netty's own default and property for the task queue's bound. */
    private static final int MAX_PENDING_TASKS = Math.max(16,
            Integer.getInteger("io.netty.eventLoop.maxPendingTasks", Integer.MAX_VALUE));

    IoLoopGroup(int threads, String name, IoHandlerFactory transport) {
        super(threads, new DefaultThreadFactory(name), transport);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
        return new SingleThreadIoEventLoop(this, executor, ioHandlerFactory, MAX_PENDING_TASKS,
                RejectedExecutionHandlers.reject(), TASK_QUANTUM_MS);
    }
}
