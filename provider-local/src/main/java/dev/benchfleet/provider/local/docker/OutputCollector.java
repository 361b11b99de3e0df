package dev.benchfleet.provider.local.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a child process on its own thread, keeping at most {@code limit} bytes.
 * Draining continues past the limit so the child never blocks on a full pipe.
 */
final class OutputCollector implements Runnable {

    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;

    OutputCollector(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                append(buf, n);
            }
        } catch (IOException e) {
            // The stream is closed when the process is killed; what was read so far is still useful.
        }
    }

    private synchronized void append(byte[] buf, int n) {
        int room = limit - kept.size();
        if (room > 0) {
            kept.write(buf, 0, Math.min(room, n));
        }
        if (n > room) {
            truncated = true;
        }
    }

    /** @return what was read so far, decoded as UTF-8, with a marker if output was cut */
    synchronized String text() {
        String s = kept.toString(StandardCharsets.UTF_8);
        return truncated ? s + "\n[output truncated at " + limit + " bytes]" : s;
    }
}
