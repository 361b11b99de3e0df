package dev.benchfleet.orchestrator.http;

import dev.benchfleet.orchestrator.runs.RunService;
import dev.benchfleet.orchestrator.store.RunRecord;
import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.protocol.RunStatus;
import dev.benchfleet.protocol.RunnerTokens;
import java.util.Optional;

/**
 * Who may call what. The admin API key may call everything. A run-scoped runner token
 * ({@link RunnerTokens}, derived from the admin key and the run id, so every replica and the master
 * derive the same one) may call only its own run's claim and its own run's tasks' heartbeat, complete
 * and fail, and only while that run is running; never {@code POST /runs}, stop, the runner-token or
 * artifact upload endpoints. Upload URLs carry their own signature and need neither.
 *
 * <p>Kept apart from {@link ApiHandler} so that the request paths stay about the protocol: the handler
 * asks one question per request and gets a {@link Grant} or a {@code 401}.
 */
final class RunnerAccess {

    /** What a caller may do with a run-scoped request. */
    enum Grant {
        /** Go ahead: the admin key, or the run's token while it runs (or before it exists: the run's own 404 follows). */
        ALLOWED,
        /** The run's own token, but the run has ended or was stopped: nothing may change any more. */
        RUN_ENDED
    }

    private final ApiKey adminKey;
    private final RunService runs;

    RunnerAccess(ApiKey adminKey, RunService runs) {
        this.adminKey = adminKey;
        this.runs = runs;
    }

    /** The admin key and nothing else ({@code POST /runs}, stop, runner tokens, artifact uploads). */
    void requireAdmin(String authorization) {
        if (!adminKey.authorizes(authorization)) {
            throw new ApiHandler.UnauthorizedException();
        }
    }

    /** Whether {@code authorization} carries the admin key (checked before a body is read). */
    boolean isAdmin(String authorization) {
        return adminKey.authorizes(authorization);
    }

    /**
     * A request about run {@code runId} (a claim): the admin key, or that run's token. A token of an
     * unknown run passes, so the caller gets the same {@code 404} as with the key (runners may boot
     * before their run is created).
     */
    Grant forRun(String authorization, String runId) {
        if (adminKey.authorizes(authorization)) {
            return Grant.ALLOWED;
        }
        String token = ApiKey.bearer(authorization).filter(t -> RunnerTokens.verify(adminKey, runId, t))
                .orElseThrow(ApiHandler.UnauthorizedException::new);
        Optional<RunStatus> status = runs.statusOf(RunnerTokens.runIdOf(token).orElseThrow());
        return status.isPresent() && status.get().isFinal() ? Grant.RUN_ENDED : Grant.ALLOWED;
    }

    /**
     * A report on task {@code taskId} (heartbeat, complete, fail): the admin key, or the token of the
     * task's run while that run is running. Anything else is {@code 401}, an unknown task included (a
     * token holder learns nothing about other runs' tasks).
     */
    void forTask(String authorization, long taskId) {
        if (adminKey.authorizes(authorization)) {
            return;
        }
        Optional<String> token = ApiKey.bearer(authorization);
        Optional<String> named = token.flatMap(RunnerTokens::runIdOf);
        if (named.isEmpty() || !RunnerTokens.verify(adminKey, named.get(), token.get())) {
            throw new ApiHandler.UnauthorizedException();
        }
        Optional<RunRecord> run = runs.runOfTask(taskId);
        if (run.isEmpty() || !run.get().runId().equals(named.get()) || run.get().status().isFinal()) {
            throw new ApiHandler.UnauthorizedException();
        }
    }

    /** The run's token, for the admin ({@code GET /runs/{id}/runner-token}); the run must exist. */
    String tokenOf(String runId) {
        return RunnerTokens.derive(adminKey, runs.run(runId).run().runId());
    }
}
