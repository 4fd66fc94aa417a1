package org.nvr.core.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * A Logback appender that keeps Netty's leak reports ({@code LEAK: ...} from {@code ResourceLeakDetector}) so
 * that {@link LeakCheckExtension} can fail the test class that leaked instead of leaving a log line nobody reads.
 * Configured in logback-test.xml on the logger {@code io.netty.util.ResourceLeakDetector}.
 */
public final class LeakReports extends AppenderBase<ILoggingEvent> {
    private static final Object LOCK = new Object();
    private static final List<String> REPORTS = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message != null && message.contains("LEAK:")) {
            synchronized (LOCK) {
                if (REPORTS.size() < 100) {
                    REPORTS.add(message.length() > 4000 ? message.substring(0, 4000) : message);
                }
            }
        }
    }

    /** The reports since the last call, which clears them. */
    static List<String> drain() {
        synchronized (LOCK) {
            List<String> copy = List.copyOf(REPORTS);
            REPORTS.clear();
            return copy;
        }
    }
}
