package org.nvr.core.record;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** An executor that runs its tasks only when the test says, on the test's thread. */
final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.addLast(task);
    }

    synchronized int pending() {
        return tasks.size();
    }

    /** Runs the oldest task; false when there was none. */
    boolean runOne() {
        Runnable task;
        synchronized (this) {
            task = tasks.pollFirst();
        }
        if (task == null) {
            return false;
        }
        task.run();
        return true;
    }

    /** Runs tasks, including those they submit, until none is left. */
    void runAll() {
        boolean ran;
        do {
            ran = runOne();
        } while (ran);
    }
}
