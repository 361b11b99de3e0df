package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile or broken client does to the stand-alone server (a real child process, its real
 * log): every fault is answered with a 4xx or dropped, logged in one line at most, never with a
 * stack trace; slow clients are cut off and one client address cannot starve another.
 */
class HostileClientsTest {

    private static final String KEY = "hostile-clients-key";

    @TempDir
    Path dir;

    @Test
    void clientFaultsAreOneLogLineAndNeverAStackTrace() throws Exception {
        try (ChildOrchestrator o = ChildOrchestrator.start(dir.resolve("data"), KEY, dir.resolve("logs"))) {
            TestHttp http = new TestHttp(o.url(), KEY);
            assertThat(http.post("/runs", "{\"run_id\":\"5\",\"ruby_version\":\"3.4\",\"runs_per_instance_type\":3000,"
                    + "\"local\":[\"docker\"]}").status()).isEqualTo(201);

            // a malformed chunked body: 400, connection closed
            String chunked = raw(o.url(), "POST /runs/5/tasks/claim HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                    + "\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
            assertThat(chunked).startsWith("HTTP/1.1 400").contains("\"error\"").doesNotContain("Exception");

            // clients that leave mid-body and mid-answer
            try (Socket s = connect(o.url())) {
                s.getOutputStream().write(("POST /runs/5/tasks/claim HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                        + "\r\nContent-Length: 500\r\n\r\n{\"provider\":").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                Thread.sleep(200);
            }
            for (int i = 0; i < 5; i++) {
                try (Socket s = connect(o.url())) {
                    s.getOutputStream().write("GET /runs/5/tasks HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read(new byte[100]);
                    s.setSoLinger(true, 0); // reset: the server's write fails
                }
            }
            // garbage request line, oversized header
            assertThat(raw(o.url(), "\u0001\u0002 nonsense\r\n\r\n")).startsWith("HTTP/1.1 400");
            assertThat(raw(o.url(), "GET /up HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 431");

            assertThat(http.get("/up").status()).isEqualTo(200);
            Thread.sleep(300); // let the server finish logging the aborted writes
            String log = o.output();
            assertThat(log).doesNotContain("\tat ").doesNotContain("Exception:").doesNotContain("ERROR");
            // one line each: the malformed chunked body, the body cut short, the bad request line, the big header
            assertThat(log.lines().filter(l -> l.contains("Bad request from 127.0.0.1"))).hasSize(4);
            assertThat(log.lines().filter(l -> l.contains("POST /runs): 400"))).hasSize(2);
        }
    }

    @Test
    void slowClientsAreCutOffAndOneAddressCannotStarveAnother() throws Exception {
        try (ChildOrchestrator o = ChildOrchestrator.start(dir.resolve("data"), KEY, dir.resolve("logs"),
                List.of("--header-timeout", "1s", "--body-timeout", "1s", "--max-requests-per-address", "8"))) {
            // a client on 127.0.0.2 holds 8 requests with half-sent bodies: its 9th is refused at once...
            List<Socket> hostile = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = connectFrom("127.0.0.2", o.url());
                    s.getOutputStream().write(("POST /runs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                            + "\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    hostile.add(s);
                }
                Thread.sleep(300);
                try (Socket ninth = connectFrom("127.0.0.2", o.url())) {
                    ninth.getOutputStream().write("GET /up HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(readAll(ninth)).startsWith("HTTP/1.1 429");
                }
                // ...while another address is served as usual
                assertThat(new TestHttp(o.url(), KEY).get("/up").status()).isEqualTo(200);

                // an idle connection and one trickling its request line are both closed by the header deadline
                Socket idle = connect(o.url());
                Socket trickle = connect(o.url());
                long start = System.nanoTime();
                for (char c : "GET /up HTTP/1.1\r\n".toCharArray()) {
                    try {
                        trickle.getOutputStream().write(c);
                        trickle.getOutputStream().flush();
                    } catch (IOException closed) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertThat(readAll(idle)).as("idle connection closed without an answer").isEmpty();
                assertThat(readAll(trickle)).isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("cut off, not served")
                        .isLessThan(Duration.ofSeconds(20));
                // the stalled bodies were cut off too
                for (Socket s : hostile) {
                    assertThat(readAll(s)).doesNotStartWith("HTTP/1.1 2");
                }
            } finally {
                for (Socket s : hostile) {
                    s.close();
                }
            }
            assertThat(o.output()).doesNotContain("\tat ");
        }
    }

    static Socket connect(URI url) throws IOException {
        Socket s = new Socket(url.getHost(), url.getPort());
        s.setSoTimeout(15_000);
        return s;
    }

    static Socket connectFrom(String source, URI url) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
        s.setSoTimeout(15_000);
        return s;
    }

    private static String raw(URI url, String request) throws IOException {
        try (Socket s = connect(url)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readAll(s);
        }
    }

    /** What the server sends until it closes the connection (or 15 s pass). */
    static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (text.indexOf("\r\n\r\n") > 0 && complete(text)) {
                    break;
                }
            }
        } catch (java.net.SocketException reset) {
            // closed by the server
        }
        return text.toString();
    }

    /** True once a whole answer with a Content-Length body is in. */
    private static boolean complete(StringBuilder text) {
        int head = text.indexOf("\r\n\r\n");
        String headers = text.substring(0, head).toLowerCase(java.util.Locale.ROOT);
        int at = headers.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int end = headers.indexOf("\r\n", at);
        long length = Long.parseLong(headers.substring(at + 15, end < 0 ? headers.length() : end).strip());
        return text.length() - head - 4 >= length;
    }
}
