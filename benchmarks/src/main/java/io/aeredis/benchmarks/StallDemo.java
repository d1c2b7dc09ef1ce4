package io.aeredis.benchmarks;

import io.aeredis.resp.RequestEncoder;
import io.aeredis.resp.RespReader;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stall demo a trainer runs in front of a class: N clients GET in a loop; after a warm-up
 * one more client sends a single CPU-heavy EVAL_SLOW_SCRIPT. Run once with
 * {@code slow-script-mode inline} (the script runs on the event-loop thread and every client
 * freezes) and once with {@code worker} (the script runs on a worker thread; the loop keeps
 * serving), then print what the other clients saw side by side, a per-second throughput
 * timeline, and the server's own loop-duration histogram ({@code INFO eventloop}).
 *
 * <p>Client-side numbers come from the GET clients' own clocks: every request's send and
 * reply time. "During the script" means requests that were in flight at some moment between
 * the script's send and its reply.
 */
public final class StallDemo {
    record Options(String host, int port, int clients, double warmupSec, double tailSec, long scriptMs,
                   String script, String svg, List<String> modes) {}

    /** One finished GET: when it was sent and answered, in ns since the phase began. */
    record Sample(long sentNs, long doneNs) {}

    /** What one mode's run measured. */
    static final class Result {
        String mode;
        long scriptSentNs;
        long scriptDoneNs;
        String scriptReply;
        final List<List<Sample>> perClient = new ArrayList<>();
        long phaseNs;
        String eventloopInfo = "";
        String latencyLatest = "";

        double scriptSeconds() { return (scriptDoneNs - scriptSentNs) / 1e9; }
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Process server = null;
        String host = o.host;
        int port = o.port;
        if (port == 0) {
            port = freePort();
            host = "127.0.0.1";
            server = startServer(port);
        }
        try {
            waitForServer(host, port);
            List<Result> results = new ArrayList<>();
            for (String mode : o.modes) results.add(runMode(o, host, port, mode));
            report(o, results);
            if (o.svg != null) {
                Files.writeString(Path.of(o.svg), Svg.chart(results, 0.25));
                System.out.println("\nTimeline chart written to " + o.svg);
            }
        } finally {
            if (server != null) {
                try (Socket s = new Socket(host, port)) {
                    s.getOutputStream().write(RequestEncoder.command("SHUTDOWN", "NOSAVE"));
                } catch (IOException ignored) {
                    // already gone
                }
                server.waitFor();
            }
        }
    }

    // ------------------------------------------------------------------ one phase

    static Result runMode(Options o, String host, int port, String mode) throws Exception {
        Result r = new Result();
        r.mode = mode;
        try (RespConnection admin = new RespConnection(host, port)) {
            Object ok = admin.call("CONFIG", "SET", "slow-script-mode", mode);
            if (ok instanceof RespReader.ErrorReply e) throw new IllegalStateException("CONFIG SET slow-script-mode " + mode + ": " + e.message());
            admin.call("SET", "stall-demo:key", "hello");
            admin.call("CONFIG", "RESETSTAT");
            admin.call("LATENCY", "RESET");
        }
        AtomicBoolean stop = new AtomicBoolean();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < o.clients; i++) {
            List<Sample> samples = new ArrayList<>(1 << 16);
            r.perClient.add(samples);
            Thread t = new Thread(() -> {
                try (RespConnection c = new RespConnection(host, port)) {
                    byte[] get = RequestEncoder.command("GET", "stall-demo:key");
                    while (!stop.get()) {
                        long sent = System.nanoTime() - t0;
                        c.send(get);
                        c.flush();
                        c.read();
                        samples.add(new Sample(sent, System.nanoTime() - t0));
                    }
                } catch (Throwable e) {
                    synchronized (failures) { failures.add(e); }
                }
            }, "get-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Progress progress = new Progress(mode, t0);
        progress.phase("warm-up: " + o.clients + " clients doing GET");
        sleepUntil(t0, o.warmupSec);
        progress.phase("EVAL_SLOW_SCRIPT sent (" + o.scriptMs + " ms of CPU)");
        try (RespConnection scripter = new RespConnection(host, port)) {
            r.scriptSentNs = System.nanoTime() - t0;
            Object reply = scripter.call("EVAL_SLOW_SCRIPT", o.script, "0");
            r.scriptDoneNs = System.nanoTime() - t0;
            r.scriptReply = reply instanceof RespReader.ErrorReply e ? "error: " + e.message() : String.valueOf(reply);
        }
        progress.phase("script answered after " + fmt(r.scriptSeconds()) + " s; tail");
        sleepUntil(t0, (r.scriptDoneNs / 1e9) + o.tailSec);
        stop.set(true);
        for (Thread t : threads) t.join(10_000);
        r.phaseNs = System.nanoTime() - t0;
        progress.done();
        if (!failures.isEmpty()) throw new IllegalStateException("a GET client failed", failures.get(0));
        try (RespConnection admin = new RespConnection(host, port)) {
            r.eventloopInfo = String.valueOf(admin.call("INFO", "eventloop"));
            Object lat = admin.call("LATENCY", "LATEST");
            r.latencyLatest = lat instanceof List<?> l ? describeLatency(l) : String.valueOf(lat);
        }
        return r;
    }

    // ------------------------------------------------------------------ analysis

    /** The figures of the side-by-side table. */
    record Figures(double baselineRps, double duringRps, long p50Us, long p99Us, long maxUs, long longestGapUs,
                   long requestsDuring) {}

    static Figures figures(Result r) {
        long s = r.scriptSentNs;
        long e = r.scriptDoneNs;
        Histogram during = new Histogram(3_600_000_000L, 3);
        long completedDuring = 0;
        long completedBaseline = 0;
        long baselineFrom = Math.max(0, s - 1_500_000_000L);
        long longestGap = 0;
        for (List<Sample> samples : r.perClient) {
            long prevDone = -1;
            for (Sample x : samples) {
                if (x.sentNs < e && x.doneNs > s) during.recordValue(Math.max(1, (x.doneNs - x.sentNs) / 1000));
                if (x.doneNs >= s && x.doneNs <= e) completedDuring++;
                if (x.doneNs >= baselineFrom && x.doneNs < s) completedBaseline++;
                if (prevDone >= 0) longestGap = Math.max(longestGap, x.doneNs - prevDone);
                prevDone = x.doneNs;
            }
        }
        double baselineRps = completedBaseline / ((s - baselineFrom) / 1e9);
        double duringRps = completedDuring / Math.max(1e-9, (e - s) / 1e9);
        return new Figures(baselineRps, duringRps, during.getValueAtPercentile(50), during.getValueAtPercentile(99),
                during.getMaxValue(), longestGap / 1000, during.getTotalCount());
    }

    /** Completed GETs per bucket of {@code bucketSec}, over all clients. */
    static long[] timeline(Result r, double bucketSec) {
        int n = (int) Math.ceil(r.phaseNs / 1e9 / bucketSec);
        long[] counts = new long[Math.max(1, n)];
        for (List<Sample> samples : r.perClient) {
            for (Sample x : samples) {
                int b = (int) (x.doneNs / 1e9 / bucketSec);
                if (b >= 0 && b < counts.length) counts[b]++;
            }
        }
        return counts;
    }

    // ------------------------------------------------------------------ report

    static void report(Options o, List<Result> results) {
        System.out.println();
        System.out.println("Stall demo: " + o.clients + " clients doing GET; one EVAL_SLOW_SCRIPT of ~" + o.scriptMs
                + " ms CPU after " + fmt(o.warmupSec) + " s.");
        System.out.println("Script: " + o.script);
        System.out.println();
        List<Figures> fs = new ArrayList<>();
        for (Result r : results) fs.add(figures(r));
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%-38s", "other clients, while the script ran"));
        for (Result r : results) t.append(String.format(Locale.ROOT, " | %14s", r.mode));
        t.append('\n').append("-".repeat(38));
        for (int i = 0; i < results.size(); i++) t.append("-|-").append("-".repeat(14));
        t.append('\n');
        row(t, "script duration seen by its client (s)", results, r -> fmt(r.scriptSeconds()));
        row(t, "script reply", results, r -> truncate(r.scriptReply, 14));
        rowF(t, "GET/s before the script (baseline)", fs, f -> String.format(Locale.ROOT, "%.0f", f.baselineRps));
        rowF(t, "GET/s while the script ran", fs, f -> String.format(Locale.ROOT, "%.0f", f.duringRps));
        rowF(t, "  ... as % of baseline", fs, f -> String.format(Locale.ROOT, "%.0f%%", 100 * f.duringRps / Math.max(1, f.baselineRps)));
        rowF(t, "GET latency p50 (ms)", fs, f -> fmt(f.p50Us / 1000.0));
        rowF(t, "GET latency p99 (ms)", fs, f -> fmt(f.p99Us / 1000.0));
        rowF(t, "GET latency max (ms)", fs, f -> fmt(f.maxUs / 1000.0));
        rowF(t, "longest gap any client saw (ms)", fs, f -> fmt(f.longestGapUs / 1000.0));
        System.out.print(t);

        for (Result r : results) {
            System.out.println();
            System.out.println("Timeline, " + r.mode + " mode (GETs answered per second; S = the script was running):");
            long[] tl = timeline(r, 1.0);
            long max = 1;
            for (long v : tl) max = Math.max(max, v);
            for (int i = 0; i < tl.length; i++) {
                double from = i;
                double to = i + 1;
                boolean script = to * 1e9 > r.scriptSentNs && from * 1e9 < r.scriptDoneNs;
                int width = (int) Math.round(50.0 * tl[i] / max);
                System.out.printf(Locale.ROOT, "  %2d-%2ds %s %8d %s%n", i, i + 1, script ? "S" : " ", tl[i], "#".repeat(width));
            }
            System.out.println("Server's loop-iteration histogram (INFO eventloop), " + r.mode + " mode:");
            for (String line : r.eventloopInfo.split("\r?\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] kv = line.split(":", 2);
                if (kv.length == 2 && (kv[1].equals("0") || kv[1].startsWith("0,"))) continue;
                System.out.println("  " + line);
            }
            if (!r.latencyLatest.isEmpty()) System.out.println("LATENCY LATEST: " + r.latencyLatest);
        }
    }

    private interface Cell<T> { String of(T t); }

    private static void row(StringBuilder t, String name, List<Result> rs, Cell<Result> cell) {
        t.append(String.format(Locale.ROOT, "%-38s", name));
        for (Result r : rs) t.append(String.format(Locale.ROOT, " | %14s", cell.of(r)));
        t.append('\n');
    }

    private static void rowF(StringBuilder t, String name, List<Figures> fs, Cell<Figures> cell) {
        t.append(String.format(Locale.ROOT, "%-38s", name));
        for (Figures f : fs) t.append(String.format(Locale.ROOT, " | %14s", cell.of(f)));
        t.append('\n');
    }

    private static String describeLatency(List<?> events) {
        StringBuilder sb = new StringBuilder();
        for (Object e : events) {
            if (e instanceof List<?> ev && ev.size() >= 4) {
                if (sb.length() > 0) sb.append("; ");
                sb.append(ev.get(0)).append(" latest ").append(ev.get(2)).append(" ms, max ").append(ev.get(3)).append(" ms");
            }
        }
        return sb.toString();
    }

    static String fmt(double v) { return String.format(Locale.ROOT, "%.1f", v); }

    private static String truncate(String s, int n) { return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…"; }

    // ------------------------------------------------------------------ plumbing

    /** The phase progress line on stderr: mode, elapsed seconds, what is happening. */
    static final class Progress {
        private final String mode;
        private final long t0;

        Progress(String mode, long t0) {
            this.mode = mode;
            this.t0 = t0;
        }

        void phase(String what) {
            System.err.printf(Locale.ROOT, "[stall-demo] %-6s t=%5.1fs  %s%n", mode, (System.nanoTime() - t0) / 1e9, what);
        }

        void done() { phase("done"); }
    }

    private static void sleepUntil(long t0, double sec) throws InterruptedException {
        long until = t0 + (long) (sec * 1e9);
        long now;
        while ((now = System.nanoTime()) < until) Thread.sleep(Math.max(1, (until - now) / 1_000_000));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts bin/aeredis-server (path in -Daeredis.server) with 2 slow-script workers. */
    private static Process startServer(int port) throws IOException {
        String cmd = System.getProperty("aeredis.server", "bin/aeredis-server");
        ProcessBuilder pb = new ProcessBuilder(cmd, "--port", Integer.toString(port), "--save", "", "--loglevel", "warning");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File(System.getProperty("java.io.tmpdir"), "aeredis-stall-demo-server.log")));
        System.err.println("[stall-demo] starting " + cmd + " --port " + port);
        return pb.start();
    }

    private static void waitForServer(String host, int port) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (RespConnection c = new RespConnection(host, port)) {
                if ("PONG".equals(String.valueOf(c.call("PING")))) return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw new IOException("server at " + host + ":" + port + " did not answer PING", e);
                Thread.sleep(200);
            }
        }
    }

    static Options parse(String[] args) {
        String host = "127.0.0.1";
        int port = 0;
        int clients = 20;
        double warmup = 2;
        double tail = 2;
        long scriptMs = 3000;
        String script = null;
        String svg = null;
        List<String> modes = List.of("inline", "worker");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--tail" -> tail = Double.parseDouble(args[++i]);
                case "--script-ms" -> scriptMs = Long.parseLong(args[++i]);
                case "--script" -> script = args[++i];
                case "--svg" -> svg = args[++i];
                case "--modes" -> modes = List.of(args[++i].split(","));
                case "-h", "--help" -> {
                    System.out.println("""
                            bin/aeredis-stall-demo [--host H --port P] [--clients 20] [--script-ms 3000]
                                                   [--script JS] [--warmup 2] [--tail 2] [--modes inline,worker]
                                                   [--svg timeline.svg]
                            Without --port it starts its own aeredis (bin/aeredis-server) on a free port.""");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        if (script == null) script = "return redis.spin(" + scriptMs + ")";
        return new Options(host, port, clients, warmup, tail, scriptMs, script, svg, modes);
    }

    /** The SVG timeline: one line per mode, GETs answered per bucket, the script's span shaded. */
    static final class Svg {
        static String chart(List<Result> results, double bucketSec) {
            int w = 900;
            int h = 360;
            int left = 70;
            int right = 20;
            int top = 40;
            int bottom = 50;
            double maxT = 0;
            double maxRate = 1;
            List<long[]> series = new ArrayList<>();
            for (Result r : results) {
                long[] tl = StallDemo.timeline(r, bucketSec);
                series.add(tl);
                maxT = Math.max(maxT, tl.length * bucketSec);
                for (long v : tl) maxRate = Math.max(maxRate, v / bucketSec);
            }
            double plotW = w - left - right;
            double plotH = h - top - bottom;
            String[] colours = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
            StringBuilder s = new StringBuilder();
            s.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(w).append("' height='").append(h)
                    .append("' font-family='sans-serif' font-size='12'>\n");
            s.append("<rect width='100%' height='100%' fill='white'/>\n");
            s.append("<text x='").append(left).append("' y='22' font-size='15'>GETs answered per second while one EVAL_SLOW_SCRIPT runs</text>\n");
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                double x0 = left + plotW * (r.scriptSentNs / 1e9) / maxT;
                double x1 = left + plotW * (r.scriptDoneNs / 1e9) / maxT;
                s.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='%.1f' height='%.1f' fill='%s' opacity='0.08'/>%n",
                        x0, top, Math.max(1, x1 - x0), plotH, colours[i % colours.length]));
            }
            s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%.1f' stroke='black'/>%n", left, top, left, top + plotH));
            s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%.1f' y2='%.1f' stroke='black'/>%n", left, top + plotH, left + plotW, top + plotH));
            for (int k = 0; k <= 4; k++) {
                double v = maxRate * k / 4;
                double y = top + plotH - plotH * k / 4;
                s.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%.0f</text>%n", left - 6, y + 4, v));
                s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#ddd'/>%n", left, y, left + plotW, y));
            }
            for (int sec = 0; sec <= (int) maxT; sec++) {
                double x = left + plotW * sec / maxT;
                s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' text-anchor='middle'>%ds</text>%n", x, top + plotH + 18, sec));
            }
            for (int i = 0; i < series.size(); i++) {
                long[] tl = series.get(i);
                StringBuilder pts = new StringBuilder();
                for (int b = 0; b < tl.length; b++) {
                    double x = left + plotW * ((b + 0.5) * bucketSec) / maxT;
                    double y = top + plotH - plotH * (tl[b] / bucketSec) / maxRate;
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                }
                String colour = colours[i % colours.length];
                s.append("<polyline fill='none' stroke-width='2' stroke='").append(colour).append("' points='").append(pts).append("'/>\n");
                s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' fill='%s'>%s mode</text>%n", left + plotW - 120, top + 16 + 16 * i, colour, results.get(i).mode));
            }
            s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>time since the clients started (shaded: the script was running)</text>%n", left + plotW / 2, h - 10));
            s.append("</svg>\n");
            return s.toString();
        }
    }
}
