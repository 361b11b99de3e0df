package dev.benchfleet.orchestrator.dashboard;

import dev.benchfleet.orchestrator.runs.RunView;
import dev.benchfleet.orchestrator.store.TaskCounts;
import dev.benchfleet.orchestrator.store.TaskRecord;
import dev.benchfleet.protocol.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The read-only HTML dashboard: recent runs with task counts per status, and the tasks of the
 * newest runs (provider, alias, run number, status, heartbeat age, benchmark, progress). Everything
 * shown comes from runners and configs, so every value is HTML-escaped; no secret is ever shown.
 * Pages refresh themselves every few seconds.
 */
public final class DashboardPage {

    private static final int REFRESH_SECONDS = 5;
    private static final String STYLE = "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
            + "margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#eee}"
            + ".failed,.timeout{color:#b00}.completed{color:#070}.running,.claimed{color:#05a}"
            + ".cancelled{color:#777}";

    /** The front page: recent runs, then the tasks of the runs in {@code tasksByRun}. */
    public String overview(List<RunView> runs, Map<String, List<TaskRecord>> tasksByRun, Instant now) {
        StringBuilder html = head("Benchfleet orchestrator");
        html.append("<h1>Benchfleet orchestrator</h1>");
        if (runs.isEmpty()) {
            html.append("<p id=\"no-runs\">No runs yet.</p>");
            return html.append("</body></html>").toString();
        }
        html.append("<h2>Runs</h2>");
        runTable(html, runs);
        for (RunView view : runs) {
            List<TaskRecord> tasks = tasksByRun.get(view.run().runId());
            if (tasks != null) {
                String id = escape(view.run().runId());
                html.append("<h2>Run <a href=\"/dashboard/runs/").append(id).append("\">").append(id)
                        .append("</a> (").append(escape(view.run().reportedStatus().wire())).append(")</h2>");
                taskTable(html, tasks, now);
                if (view.counts().total() > tasks.size()) {
                    html.append("<p class=\"more\">First ").append(tasks.size()).append(" of ")
                            .append(view.counts().total()).append(" tasks; <a href=\"/dashboard/runs/").append(id)
                            .append("\">all of them</a></p>");
                }
            }
        }
        return html.append("</body></html>").toString();
    }

    /**
     * One run and one page of its tasks.
     *
     * @param nextAfter the last task id of this page when more follow, else null
     */
    public String run(RunView view, List<TaskRecord> tasks, Long nextAfter, Instant now) {
        String id = view.run().runId();
        StringBuilder html = head("Run " + id);
        html.append("<p><a href=\"/\">all runs</a></p><h1>Run ").append(escape(id)).append("</h1>");
        runTable(html, List.of(view));
        taskTable(html, tasks, now);
        if (nextAfter != null) {
            html.append("<p class=\"more\"><a id=\"next-page\" href=\"/dashboard/runs/").append(escape(id))
                    .append("?after=").append(nextAfter).append("\">next tasks</a></p>");
        }
        return html.append("</body></html>").toString();
    }

    /** A page for a run id nobody knows. */
    public String notFound(String runId) {
        return head("Run not found").append("<p><a href=\"/\">all runs</a></p><h1>Run ")
                .append(escape(runId)).append(" not found</h1></body></html>").toString();
    }

    private static void runTable(StringBuilder html, List<RunView> runs) {
        html.append("<table class=\"runs\"><tr><th>run</th><th>status</th><th>ruby</th><th>total</th>");
        for (TaskStatus s : TaskStatus.values()) {
            html.append("<th>").append(s.wire()).append("</th>");
        }
        html.append("<th>created</th></tr>");
        for (RunView view : runs) {
            TaskCounts c = view.counts();
            String id = escape(view.run().runId());
            html.append("<tr class=\"run\" data-run-id=\"").append(id).append("\"><td><a href=\"/dashboard/runs/")
                    .append(id).append("\">").append(id).append("</a></td>")
                    .append(cell(view.run().reportedStatus().wire(), view.run().reportedStatus().wire()))
                    .append(cell(view.run().rubyVersion(), null))
                    .append(cell(String.valueOf(c.total()), null));
            for (TaskStatus s : TaskStatus.values()) {
                html.append(cell(String.valueOf(c.get(s)), null));
            }
            html.append(cell(String.valueOf(view.run().createdAt()), null)).append("</tr>");
        }
        html.append("</table>");
    }

    private static void taskTable(StringBuilder html, List<TaskRecord> tasks, Instant now) {
        html.append("<table class=\"tasks\"><tr><th>task</th><th>provider</th><th>instance type</th><th>alias</th>"
                + "<th>run</th><th>status</th><th>runner</th><th>last heartbeat</th><th>benchmark</th>"
                + "<th>progress</th><th>error</th></tr>");
        for (TaskRecord t : tasks) {
            html.append("<tr class=\"task\">")
                    .append(cell(String.valueOf(t.id()), null))
                    .append(cell(t.provider(), null))
                    .append(cell(t.instanceType(), null))
                    .append(cell(t.alias(), null))
                    .append(cell(String.valueOf(t.runNumber()), null))
                    .append(cell(t.status().wire(), t.status().wire()))
                    .append(cell(t.runnerId(), null))
                    .append(cell(heartbeat(t, now), null))
                    .append(cell(t.currentBenchmark(), null))
                    .append(cell(t.progressPct() == null ? null : t.progressPct() + "%", null))
                    .append(cell(t.errorType() == null ? null : t.errorType() + ": " + nullToEmpty(t.errorMessage()),
                            t.errorType()))
                    .append("</tr>");
        }
        html.append("</table>");
    }

    private static String heartbeat(TaskRecord t, Instant now) {
        if (t.heartbeatAt() == null) {
            return null;
        }
        long seconds = Math.max(0, Duration.between(t.heartbeatAt(), now).toSeconds());
        String age = seconds < 120 ? seconds + " s ago" : seconds / 60 + " min ago";
        return t.heartbeatStatus() == null ? age : age + " (" + t.heartbeatStatus() + ")";
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\"><title>")
                .append(escape(title)).append("</title><style>").append(STYLE).append("</style></head><body>");
    }

    private static String cell(String value, String cssClass) {
        String open = cssClass == null ? "<td>" : "<td class=\"" + escape(cssClass) + "\">";
        return open + escape(nullToEmpty(value)) + "</td>";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Escapes the five HTML-significant characters. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
