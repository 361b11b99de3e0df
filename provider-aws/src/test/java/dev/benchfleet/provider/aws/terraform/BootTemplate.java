package dev.benchfleet.provider.aws.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared boot template with the AWS module's variables, rendered the way {@code aws_instance.runner}'s
 * {@code templatefile()} renders it (the structure test pins that the variable names are the same).
 */
public final class BootTemplate {

    private BootTemplate() {
    }

    public static String template() {
        return read(HclModule.infrastructure().resolve("shared/boot.sh.tftpl"));
    }

    /** The module's {@code file("${path.module}/boot-cloud.sh")}. */
    public static String awsCloudFunctions() {
        return read(HclModule.infrastructure().resolve("aws/boot-cloud.sh"));
    }

    /** task-runner/Dockerfile, which the provider passes as {@code task_runner_dockerfile}. */
    public static String taskRunnerDockerfile() {
        return read(HclModule.infrastructure().resolveSibling("task-runner").resolve("Dockerfile"));
    }

    /**
     * Variables as the module passes them, for a mock run of one alias; callers replace what they test.
     * The order follows the module.
     */
    public static Map<String, Object> awsVars(String runId, String orchestratorUrl, String token, String jarSha256) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("cloud_functions", awsCloudFunctions());
        vars.put("provider_name", "aws");
        vars.put("run_id", runId);
        vars.put("alias", "c7g");
        vars.put("instance_type", "c7g.medium");
        vars.put("runners", 2);
        vars.put("ruby_version", "3.4.7");
        vars.put("orchestrator_url", orchestratorUrl);
        vars.put("orchestrator_cert_pem", "");
        vars.put("runner_token", token);
        vars.put("task_runner_sha256", jarSha256);
        vars.put("task_runner_dockerfile", taskRunnerDockerfile());
        vars.put("mock", true);
        vars.put("debug", false);
        vars.put("max_hours", 24);
        return vars;
    }

    public static String render(Map<String, ?> vars) {
        return TemplateRenderer.render(template(), vars);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
