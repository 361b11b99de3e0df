package dev.benchfleet.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.benchfleet.orchestrator.Orchestrator;
import dev.benchfleet.orchestrator.OrchestratorOptions;
import dev.benchfleet.orchestrator.http.ClientGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Load driver (not a unit test): N simulated runners do claim → heartbeats → upload → complete
 * against a real embedded orchestrator over loopback HTTP, then the same number of requests go to a
 * bare JDK HTTP endpoint as the baseline. Prints tasks/s and p50/p99 latency per endpoint.
 *
 * <pre>./mvnw -B -ntp -q -pl orchestrator -am -Pbench test-compile exec:java -Dexec.args="--runners 32 --tasks 2000"</pre>
 */
public final class LoadDriver {

    private static final String KEY = "load-driver-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    /** Requests sent again after the kept-alive connection they went out on was found closed. */
    private final AtomicInteger resent = new AtomicInteger();
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    /** When the last {@code complete} of a run was answered: its work ends there. */
    private final java.util.concurrent.atomic.AtomicLong lastCompletion = new java.util.concurrent.atomic.AtomicLong();
    /** Claims answered {@code done}: runners that come back after the run's last completion. */
    private final AtomicInteger doneClaims = new AtomicInteger();

    /** Pause of a simulated runner between its requests (0: as fast as answers come). */
    private final int thinkMillis;
    /** False for the warm-up, whose figures are thrown away. */
    private final boolean print;

    /** @param client shared by every round of a phase: runners keep their connections from run to run */
    private LoadDriver(HttpClient client, int thinkMillis, boolean print) {
        this.client = client;
        this.thinkMillis = thinkMillis;
        this.print = print;
    }

    private void think() throws InterruptedException {
        if (thinkMillis > 0) {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(thinkMillis / 2, thinkMillis * 3 / 2 + 1));
        }
    }

    public static void main(String[] args) throws Exception {
        int runners = intArg(args, "--runners", 32);
        int tasks = intArg(args, "--tasks", 2000);
        int heartbeats = intArg(args, "--heartbeats", 2);
        int replicas = intArg(args, "--replicas", 1);
        int slow = intArg(args, "--slow-connections", 0);
        int think = intArg(args, "--think-ms", 0);
        String jdbcUrl = stringArg(args, "--jdbc-url");
        System.out.printf("runners=%d tasks=%d heartbeats/task=%d cores=%d replicas=%d database=%s slow-connections=%d"
                + " think-ms=%d%n", runners, tasks, heartbeats, Runtime.getRuntime().availableProcessors(), replicas,
                jdbcUrl == null ? "h2" : "postgresql", slow, think);
        int warmup = intArg(args, "--warmup-tasks", tasks);
        // On 2 cores the JIT compiler is still busy with the orchestrator's code (Jetty, H2, Jackson) after a
        // minute of 500 runners (a fifth of the measured phase's CPU was still compilation after 60 s); after
        // three it is done. What it compiles during the measured phase counts against it.
        int warmupSeconds = intArg(args, "--warmup-seconds", 180);
        String phase = stringArg(args, "--phase");
        if (phase == null && !java.util.Arrays.asList(args).contains("--same-jvm")) {
            // As JMH forks: each phase in a JVM of its own, so that neither phase's type profile (the client is
            // the same code) makes the JIT throw away and redo what the other compiled.
            fork("orchestrator", args);
            fork("baseline", args);
            return;
        }
        boolean orchestrator = phase == null || phase.equals("orchestrator");
        boolean baseline = phase == null || phase.equals("baseline");
        // One server per phase, as in production: an orchestrator lives through many runs. The warm-up rounds
        // are earlier runs on it (a new server per round would run start-up code each time, whose uncommon
        // paths make the JIT throw away and redo what it compiled).
        List<Path> dataDirs = new ArrayList<>();
        List<Orchestrator> servers = orchestrator ? startReplicas(replicas, jdbcUrl, runners, dataDirs) : List.of();
        BareServer bare = baseline ? new BareServer(runners) : null;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            // Warm-up for a time, not a number of runs: with 500 busy threads on 2 cores the JIT compiler gets a
            // small share of the CPU and goes on compiling for about a minute; until it is done, its work and the
            // slower code count against whichever phase is measured.
            long warmupEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
            for (int round = 1; warmup > 0 && (round == 1 || System.nanoTime() < warmupEnds); round++) {
                long t0 = System.nanoTime();
                if (orchestrator) {
                    new LoadDriver(client, 0, false).orchestrator(servers, runners, warmup, heartbeats, 0);
                }
                if (baseline) {
                    new LoadDriver(client, 0, false).baseline(bare, runners, warmup * (3 + heartbeats));
                }
                System.out.printf("warm-up %d (%s): %d tasks or %d bare requests in %.1f s (not counted)%n", round,
                        phase == null ? "both" : phase, warmup, warmup * (3 + heartbeats),
                        (System.nanoTime() - t0) / 1e9);
            }
            if (orchestrator) {
                new LoadDriver(client, think, true).orchestrator(servers, runners, tasks, heartbeats, slow);
            }
            if (baseline) {
                // the same pauses as the runners: with --think-ms the baseline shows the latency this machine gives
                // a trivial endpoint at the same offered load (its req/s then only reflects the pauses)
                new LoadDriver(client, think, true).baseline(bare, runners, tasks * (3 + heartbeats));
            }
        } finally {
            for (Orchestrator o : servers) {
                o.close();
            }
            for (Path dir : dataDirs) {
                deleteTree(dir); // a phase's database and uploads grow to a gigabyte or more
            }
            if (bare != null) {
                bare.close();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<Orchestrator> startReplicas(int count, String jdbcUrl, int runners, List<Path> dataDirs)
            throws IOException {
        List<Orchestrator> replicas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path dir = Files.createTempDirectory("benchfleet-load");
            dataDirs.add(dir);
            // every simulated runner comes from 127.0.0.1: the per-address cap must allow them all
            replicas.add(Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).jdbcUrl(jdbcUrl)
                    .clientLimits(new ClientGuard.Limits(4096, runners + 64, Duration.ofSeconds(20),
                            Duration.ofSeconds(30), 16 * 1024))
                    .build()));
        }
        return replicas;
    }

    /**
     * Runs one phase in a new JVM with this one's class path (and {@code --fork-jvm-args}, e.g. a heap
     * cap), its output passed through.
     */
    private static void fork(String phase, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = stringArg(args, "--fork-jvm-args");
        if (jvmArgs != null && !jvmArgs.isBlank()) {
            command.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(classPath());
        command.add(LoadDriver.class.getName());
        command.addAll(List.of(args));
        command.add("--phase");
        command.add(phase);
        Process child = new ProcessBuilder(command).inheritIO().start();
        try {
            if (!child.waitFor(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the " + phase + " phase did not end within 30 minutes");
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException("the " + phase + " phase failed (exit " + child.exitValue() + ")");
        }
    }

    /** The class path this class was loaded from (under exec:java, its class loader's, not Maven's own). */
    private static String classPath() {
        if (LoadDriver.class.getClassLoader() instanceof java.net.URLClassLoader urls) {
            List<String> entries = new ArrayList<>();
            for (java.net.URL url : urls.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException("class path entry " + url + " is not a file", e);
                }
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    /** One run of {@code tasks} tasks on the given orchestrators, the runners spread over them. */
    private void orchestrator(List<Orchestrator> replicas, int runners, int tasks, int heartbeats, int slow)
            throws Exception {
        byte[] archive = resultArchive();
        List<java.net.Socket> slowConnections = new ArrayList<>();
        HeapWatch heap = new HeapWatch();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            URI base = replicas.get(0).url();
            for (int i = 0; i < slow; i++) {
                // idle and half-sent connections from another loopback address, held through the run
                java.net.Socket s = new java.net.Socket();
                s.bind(new InetSocketAddress("127.0.0.2", 0));
                s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
                s.getOutputStream().write((i % 2 == 0 ? "" : "GET /up HT").getBytes(StandardCharsets.US_ASCII));
                slowConnections.add(s);
            }
            String runId = String.valueOf(System.currentTimeMillis());
            send("create", post(base, "/runs", "{\"run_id\":\"" + runId + "\",\"ruby_version\":\"3.4\","
                    + "\"runs_per_instance_type\":" + tasks + ",\"local\":[\"docker\"]}"));
            AtomicInteger completed = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong archiveStored = new java.util.concurrent.atomic.AtomicLong();
            Thread archiveWatch = new Thread(() -> watchArchive(base, runId, tasks, completed, archiveStored),
                    "archive-watch");
            archiveWatch.setDaemon(true);
            archiveWatch.start();
            Thread upPoller = new Thread(() -> pollUp(base, running), "up-poller");
            upPoller.setDaemon(true); // a failed run must not leave it polling (exec:java waits for live threads)
            upPoller.start();
            CpuBreakdown breakdown = new CpuBreakdown("orchestrator-");
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(runners);
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < runners; r++) {
                String runner = "runner-" + r;
                URI replica = replicas.get(r % replicas.size()).url();
                futures.add(pool.submit(() -> {
                    runnerLoop(replica, runId, runner, heartbeats, archive, completed);
                    return null;
                }));
            }
            try {
                for (Future<?> f : futures) {
                    f.get(30, TimeUnit.MINUTES);
                }
                breakdown.stop();
            } finally {
                pool.shutdownNow(); // a failed runner must not leave the others running (exec:java waits for them)
            }
            running.set(false);
            upPoller.join();
            archiveWatch.join(TimeUnit.SECONDS.toMillis(60));
            double phaseSeconds = (System.nanoTime() - start) / 1e9;
            // The run's work ends with its last completion. Runners told to "wait" near the end sleep their
            // retry_after (1 s) and then claim once more to hear "done": idle time and requests after the work,
            // which the baseline (no sleeps) has no counterpart of. Both figures are printed.
            double seconds = (lastCompletion.get() - start) / 1e9;
            JsonNode run = JSON.readTree(send("status", HttpRequest.newBuilder(base.resolve("/runs/" + runId)).GET()).body());
            if (!print) {
                return;
            }
            System.out.printf("%nORCHESTRATOR: %d tasks in %.2f s = %.0f tasks/s (run status %s)%n", completed.get(),
                    seconds, completed.get() / seconds, run.get("status").asText());
            long allRequests = latencies.entrySet().stream().filter(e -> !e.getKey().equals("up"))
                    .filter(e -> !e.getKey().equals("status") && !e.getKey().equals("create")).mapToLong(e -> e.getValue().size()).sum();
            long requests = allRequests - doneClaims.get();
            System.out.printf("protocol requests: %d in %.2f s = %.0f req/s; heap after GC: peak %d MiB (max heap %d MiB)%n",
                    requests, seconds, requests / seconds, heap.peakMiB(), Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("  (from the first claim to the last completion; with the runners' final retry_after sleep"
                    + " and %d 'done' claims: %d in %.2f s = %.0f req/s)%n", doneClaims.get(), allRequests, phaseSeconds,
                    allRequests / phaseSeconds);
            printResent();
            if (archiveStored.get() != 0) {
                // built after the last completion's answer, on a thread of its own; the run reads "running" until then
                System.out.printf("results archive stored %.0f ms after the last completion%n",
                        (archiveStored.get() - lastCompletion.get()) / 1e6);
            }
            breakdown.print(requests);
            report();
        } finally {
            running.set(false);
            for (java.net.Socket s : slowConnections) {
                s.close();
            }
            heap.close();
        }
    }

    /** {@code GET /up} every 50 ms during the run: its latency under load (and beside slow connections). */
    /**
     * Once every task is completed, long-polls the run (not counted among the requests, and not before:
     * a held poll is answered at every change) until it reads completed, and notes when.
     */
    private void watchArchive(URI base, String runId, int tasks, AtomicInteger completed,
                              java.util.concurrent.atomic.AtomicLong stored) {
        try {
            long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (completed.get() < tasks) {
                if (System.nanoTime() > giveUp) {
                    return;
                }
                Thread.sleep(5); // a few wake-ups, not a busy loop beside the measured run
            }
            for (int polls = 0; polls < 10; polls++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/runs/" + runId + "?wait=20"))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && JSON.readTree(r.body()).path("gzip_url").isTextual()) {
                    stored.set(System.nanoTime());
                    return;
                }
            }
        } catch (IOException e) {
            System.out.println("watching the run failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollUp(URI base, java.util.concurrent.atomic.AtomicBoolean running) {
        while (running.get()) {
            try {
                send("up", HttpRequest.newBuilder(base.resolve("/up")).GET());
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                System.out.println("up failed: " + e);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Where the whole process's CPU went during a phase, per request: the server's own threads (found
     * by name; unlike requests/s, a figure that does not depend on what else the machine runs), the
     * JVM's threads grouped by name (numbers dropped), with their kernel share, and the JIT compiler
     * and garbage collector (not Java threads). It shows what the client side costs beside the server.
     */
    private static final class CpuBreakdown {
        private final String[] serverPrefixes;
        private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final Map<Long, Long> before = snapshot(threads::getThreadCpuTime);
        private final Map<Long, Long> userBefore = snapshot(threads::getThreadUserTime);
        private final long processBefore = os.getProcessCpuTime();
        private final Map<String, Long> vmBefore = vmThreads();
        private Map<Long, Long> after;
        private Map<Long, Long> userAfter;
        private Map<String, Long> vmAfter;
        private Map<Long, String> names;
        private long processAfter;

        /** @param serverPrefixes the names the server's threads start with */
        CpuBreakdown(String... serverPrefixes) {
            this.serverPrefixes = serverPrefixes;
        }

        /** Each live Java thread's CPU time (total or user) by thread id. */
        private Map<Long, Long> snapshot(java.util.function.LongUnaryOperator cpuOf) {
            Map<Long, Long> cpu = new java.util.HashMap<>();
            for (long id : threads.getAllThreadIds()) {
                long nanos = cpuOf.applyAsLong(id);
                if (nanos >= 0) {
                    cpu.put(id, nanos);
                }
            }
            return cpu;
        }

        /**
         * CPU of the JVM's own threads (JIT compilers, garbage collector, VM thread), which the Java
         * thread API does not show: read from /proc on Linux (empty elsewhere), in nanoseconds.
         */
        private static Map<String, Long> vmThreads() {
            Map<String, Long> cpu = new TreeMap<>();
            Path tasks = Path.of("/proc/self/task");
            if (!Files.isDirectory(tasks)) {
                return cpu;
            }
            long nanosPerTick = 1_000_000_000L / 100; // USER_HZ
            try (java.util.stream.Stream<Path> all = Files.list(tasks)) {
                for (Path task : (Iterable<Path>) all::iterator) {
                    try {
                        String name = Files.readString(task.resolve("comm")).trim();
                        String group = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "JIT compiler"
                                : name.startsWith("GC Thread") || name.startsWith("G1 ") ? "garbage collector"
                                : name.equals("VM Thread") ? "VM thread" : null;
                        if (group != null) {
                            String stat = Files.readString(task.resolve("stat"));
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                            cpu.merge(group, ticks * nanosPerTick, Long::sum);
                        }
                    } catch (IOException | RuntimeException ended) {
                        // the thread ended while being read
                    }
                }
            } catch (IOException e) {
                return cpu;
            }
            return cpu;
        }
        /** Ends the phase: called while its threads still live (a thread's CPU time dies with it). */
        void stop() {
            after = snapshot(threads::getThreadCpuTime);
            userAfter = snapshot(threads::getThreadUserTime);
            vmAfter = vmThreads();
            processAfter = os.getProcessCpuTime();
            names = new java.util.HashMap<>();
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }

        void print(long requests) {
            if (after == null) {
                return;
            }
            Map<String, Long> groups = new TreeMap<>();
            Map<String, Long> kernel = new TreeMap<>();
            long threadsTotal = 0;
            long server = 0;
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                long user = userAfter.getOrDefault(e.getKey(), 0L) - userBefore.getOrDefault(e.getKey(), 0L);
                String name = names.getOrDefault(e.getKey(), "?");
                String group = name.replaceAll("[0-9]+", "N");
                groups.merge(group, used, Long::sum);
                kernel.merge(group, used - user, Long::sum);
                threadsTotal += used;
                if (java.util.Arrays.stream(serverPrefixes).anyMatch(name::startsWith)) {
                    server += used;
                }
            }
            long process = processAfter - processBefore;
            System.out.printf("server threads' CPU: %.0f ms = %.0f µs per request%n", server / 1e6,
                    server / 1e3 / Math.max(1, requests));
            System.out.println("  of which kernel: " + String.join(", ", kernel.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .map(e -> String.format("%s %.0f µs", e.getKey(), e.getValue() / 1e3 / Math.max(1, requests)))
                    .toList()));
            long vmTotal = 0;
            for (Map.Entry<String, Long> e : vmAfter.entrySet()) {
                long used = e.getValue() - vmBefore.getOrDefault(e.getKey(), 0L);
                groups.put(e.getKey(), used);
                vmTotal += used;
            }
            groups.put("other (threads that ended)", Math.max(0, process - threadsTotal - vmTotal));
            StringBuilder line = new StringBuilder(String.format("process CPU: %.0f ms = %.0f µs per request;",
                    process / 1e6, process / 1e3 / Math.max(1, requests)));
            groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(e -> e.getValue() >= process / 50)
                    .forEach(e -> line.append(String.format(" %s %.0f µs,", e.getKey(), e.getValue() / 1e3 / Math.max(1, requests))));
            System.out.println(line.substring(0, line.length() - 1));
        }
    }

    /** The largest heap in use right after a garbage collection, over the driver's life. */
    private static final class HeapWatch implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.ScheduledExecutorService sampler =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "heap-watch");
                    t.setDaemon(true);
                    return t;
                });

        HeapWatch() {
            sampler.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            long used = 0;
            for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    used += pool.getCollectionUsage().getUsed();
                }
            }
            peak.accumulateAndGet(used, Math::max);
        }

        long peakMiB() {
            sample();
            return peak.get() >> 20;
        }

        @Override
        public void close() {
            sampler.shutdownNow();
        }
    }

    private void runnerLoop(URI base, String runId, String runner, int heartbeats, byte[] archive,
                            AtomicInteger completed) throws Exception {
        while (true) {
            // a claim id, as the task runner sends: a claim sent again gets the same task back
            String claimBody = "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"" + runner
                    + "\",\"claim_id\":\"" + java.util.UUID.randomUUID() + "\"}";
            JsonNode claim = JSON.readTree(sendAgainIfDropped("claim",
                    () -> post(base, "/runs/" + runId + "/tasks/claim", claimBody)).body());
            String status = claim.get("status").asText();
            if (status.equals("done")) {
                doneClaims.incrementAndGet();
                return;
            }
            if (status.equals("wait")) {
                Thread.sleep(claim.get("retry_after_seconds").asLong() * 1000);
                continue;
            }
            long id = claim.get("task").get("id").asLong();
            for (int h = 0; h < heartbeats; h++) {
                think();
                String heartbeat = "{\"runner_id\":\"" + runner + "\",\"status\":\"running\",\"progress_pct\":" + (h * 10) + "}";
                sendAgainIfDropped("heartbeat", () -> post(base, "/tasks/" + id + "/heartbeat", heartbeat));
            }
            think();
            JsonNode urls = claim.get("presigned_urls");
            sendAgainIfDropped("upload", () -> HttpRequest.newBuilder(URI.create(urls.get("result_upload_url").asText()))
                    .header("Content-Type", "application/gzip").PUT(HttpRequest.BodyPublishers.ofByteArray(archive)));
            String completion = "{\"runner_id\":\"" + runner + "\",\"s3_result_key\":\"" + urls.get("result_key").asText() + "\"}";
            sendAgainIfDropped("complete", () -> post(base, "/tasks/" + id + "/complete", completion));
            lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
            completed.incrementAndGet();
        }
    }

    /** The bare endpoint: a JDK {@code HttpServer} that reads the body and answers a fixed JSON object. */
    private static final class BareServer implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads;

        BareServer(int runners) throws IOException {
            // the JDK server closes idle keep-alive connections beyond 200 (its default), which a client of
            // 500 runners then finds broken: let it keep one per runner, as Jetty does
            System.setProperty("sun.net.httpserver.maxIdleConnections", String.valueOf(Math.max(200, runners + 64)));
            // it writes an answer's head and body separately: without TCP_NODELAY (Jetty sets it) a client with
            // few connections waits out the delayed ACK, ~40 ms per request, and the baseline measures that
            System.setProperty("sun.net.httpserver.nodelay", "true");
            // and it closes connections idle for 30 s, which a client that keeps its pool across runs may pick
            // up just then (the orchestrator's own idle limit is a feature; the baseline's would be noise)
            System.setProperty("sun.net.httpserver.idleInterval", "3600");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            AtomicInteger serverThreadNumber = new AtomicInteger();
            threads = Executors.newFixedThreadPool(16,
                    task -> new Thread(task, "bare-http-" + serverThreadNumber.incrementAndGet()));
            byte[] answer = "{\"message\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            server.setExecutor(threads);
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() throws InterruptedException {
            server.stop(0);
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private void baseline(BareServer server, int runners, int requests) throws Exception {
        URI base = server.url();
        AtomicInteger left = new AtomicInteger(requests);
        CpuBreakdown breakdown = new CpuBreakdown("bare-http-", "HTTP-Dispatcher");
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(runners);
        List<Future<?>> futures = new ArrayList<>();
        for (int r = 0; r < runners; r++) {
            futures.add(pool.submit(() -> {
                while (left.decrementAndGet() >= 0) {
                    think();
                    sendAgainIfDropped("bare", () -> post(base, "/bare", "{\"runner_id\":\"r\",\"status\":\"running\"}"));
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.MINUTES);
            }
            breakdown.stop();
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!print) {
            return;
        }
        System.out.printf("%nBASELINE (bare JDK HttpServer, same client): %d requests in %.2f s = %.0f req/s%n",
                requests, seconds, requests / seconds);
        printResent();
        breakdown.print(requests);
        report();
    }

    private static HttpRequest.Builder post(URI base, String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /**
     * Sends a protocol request, once more when the kept-alive connection it went out on turned out to be
     * closed (the JDK client picked it from its pool as the server closed it: Jetty's idle timeout, the JDK
     * server now and then). Every request here may be sent twice: a claim carries its claim id, the others are
     * idempotent. Counted and printed, never hidden.
     */
    private HttpResponse<String> sendAgainIfDropped(String endpoint, java.util.function.Supplier<HttpRequest.Builder> request)
            throws IOException, InterruptedException {
        try {
            return send(endpoint, request.get());
        } catch (StatusException answered) {
            throw answered;
        } catch (IOException dropped) {
            resent.incrementAndGet();
            return send(endpoint, request.get());
        }
    }

    private void printResent() {
        if (resent.get() > 0) {
            System.out.printf("  %d requests sent again: their kept-alive connection was found closed%n", resent.get());
        }
    }

    /** An answer with an error status (as opposed to a request that got no answer). */
    private static final class StatusException extends IOException {
        StatusException(String message) {
            super(message);
        }
    }

    private HttpResponse<String> send(String endpoint, HttpRequest.Builder request) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - t0) / 1000;
        if (r.statusCode() >= 300) {
            throw new StatusException(endpoint + " answered " + r.statusCode() + ": " + r.body());
        }
        latencies.computeIfAbsent(endpoint, k -> Collections.synchronizedList(new ArrayList<>())).add(micros);
        return r;
    }

    private void report() {
        System.out.printf("%-10s %8s %10s %10s%n", "endpoint", "count", "p50 ms", "p99 ms");
        for (Map.Entry<String, List<Long>> e : new TreeMap<>(latencies).entrySet()) {
            List<Long> sorted = new ArrayList<>(e.getValue());
            Collections.sort(sorted);
            System.out.printf("%-10s %8d %10.2f %10.2f%n", e.getKey(), sorted.size(), percentile(sorted, 50) / 1000.0,
                    percentile(sorted, 99) / 1000.0);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static byte[] resultArchive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            byte[] content = "benchmark output\n".repeat(50).getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("output.txt");
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static String stringArg(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
