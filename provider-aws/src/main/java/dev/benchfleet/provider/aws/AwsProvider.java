package dev.benchfleet.provider.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.service.AutoService;
import dev.benchfleet.core.capacity.EntryCapacity;
import dev.benchfleet.core.config.InstanceEntry;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.InstanceCatalog;
import dev.benchfleet.core.spi.PreflightContext;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.Setting;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.SpiVersion;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.TeardownContext;
import dev.benchfleet.core.spi.ValidationContext;
import dev.benchfleet.core.terraform.CloudRunnerInputs;
import dev.benchfleet.core.terraform.TerraformBinary;
import dev.benchfleet.core.terraform.TerraformModule;
import dev.benchfleet.core.terraform.TerraformOutputs;
import dev.benchfleet.core.terraform.TerraformProgress;
import dev.benchfleet.core.terraform.TerraformSettings;
import dev.benchfleet.core.terraform.TerraformStack;
import dev.benchfleet.provider.aws.api.AwsApiException;
import dev.benchfleet.provider.aws.api.AwsClients;
import dev.benchfleet.provider.aws.api.Ec2Api;
import dev.benchfleet.provider.aws.api.SdkAwsClients;
import dev.benchfleet.provider.aws.catalog.AwsArchitecture;
import dev.benchfleet.provider.aws.catalog.AwsInstanceCatalog;
import dev.benchfleet.provider.aws.catalog.AwsInstanceType;
import dev.benchfleet.provider.aws.credentials.AwsAccount;
import dev.benchfleet.provider.aws.preflight.AwsPreflight;
import dev.benchfleet.provider.aws.preflight.PlannedType;
import dev.benchfleet.provider.aws.sweep.AwsSweep;
import dev.benchfleet.provider.aws.sweep.SweepReport;
import dev.benchfleet.provider.aws.sweep.SweepTiming;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Task runners on EC2 (issue 11, cloud.md A5–A8). {@code aws}, {@code pre_orchestrator}.
 *
 * <ul>
 *   <li>{@link #validate}: no network, no process — entries against the bundled catalog, the settings, the region,
 *       credentials <em>present</em> (environment or the shared files), a Terraform binary, no local orchestrator;</li>
 *   <li>{@link #preflight}: STS {@code GetCallerIdentity}, {@code DescribeInstanceTypes} and
 *       {@code DescribeInstanceTypeOfferings} through {@link AwsClients};</li>
 *   <li>{@link #setup}: the region's shared network module (long-lived, {@code .benchfleet/networks/aws-<region>/}),
 *       then the run's own module in {@code <workDir>/terraform/}, variables from the capacity plan, the runner
 *       token only as {@code TF_VAR_runner_token}; the journal state is saved before and after;</li>
 *   <li>{@link #teardown}: {@code terraform destroy} from the journal state (state kept until it succeeds),
 *       then {@link AwsSweep} by the {@code benchfleet-run-id} tag.</li>
 * </ul>
 */
@AutoService(TaskRunnerProvider.class)
@SpiVersion(SpiVersion.CURRENT)
public final class AwsProvider implements TaskRunnerProvider {

    /** The provider's name and config key. */
    public static final String NAME = "aws";
    /** The runner module's secret variable. */
    static final String RUNNER_TOKEN = "runner_token";
    /** The task runner jar whose SHA-256 the machines check (same variable as the local provider's). */
    static final String TASK_RUNNER_JAR = CloudRunnerInputs.TASK_RUNNER_JAR;
    /**
     * Destroy evaluates every variable, and {@code runner_token} has no default; its value only matters to
     * user-data, which destroy never uses, so a new process (which has no token) passes this.
     */
    static final Secret DESTROY_TOKEN = Secret.of("benchfleet-destroy-needs-no-token");

    private static final String RUNNERS_MODULE = "dev/benchfleet/provider/aws/terraform/runners";
    private static final String NETWORK_MODULE = "dev/benchfleet/provider/aws/terraform/network";
    private static final String DOCKERFILE = "/dev/benchfleet/provider/aws/Dockerfile";
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    /** Graviton families: a digit then {@code g} ({@code c7g}, {@code m6gd}, {@code t4g}, {@code c8gn}); {@code a1} too. */
    private static final Pattern GRAVITON = Pattern.compile("([a-z]+[0-9]+g[a-z]*|a1)\\..*");

    private final AwsInstanceCatalog catalog;
    private final AwsClients clients;
    private final SweepTiming sweepTiming;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    /** The provider as {@link java.util.ServiceLoader} makes it: bundled catalog, real AWS clients. */
    public AwsProvider() {
        this(AwsInstanceCatalog.bundled(), SdkAwsClients.standard(), SweepTiming.standard(), Clock.systemUTC());
    }

    /** A provider with other AWS clients and sweep timing (tests, embedding applications). */
    public AwsProvider(AwsInstanceCatalog catalog, AwsClients clients, SweepTiming sweepTiming, Clock clock) {
        this.catalog = catalog;
        this.clients = clients;
        this.sweepTiming = sweepTiming;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderPhase phase() {
        return ProviderPhase.PRE_ORCHESTRATOR;
    }

    @Override
    public InstanceCatalog instanceCatalog() {
        return catalog.coreCatalog();
    }

    @Override
    public List<Setting> settings() {
        // The orchestrator host's keys live in the same object (providers.aws.orchestrator_*).
        return java.util.stream.Stream.concat(AwsSettings.DECLARED.stream(),
                dev.benchfleet.provider.aws.orchestrator.HostSettings.DECLARED.stream()).toList();
    }

    /** Cloud destroys take minutes: instances terminate, then the security group can go. */
    @Override
    public Duration teardownGrace() {
        return Duration.ofMinutes(15);
    }

    @Override
    public List<Problem> validate(ValidationContext context) {
        List<Problem> problems = new ArrayList<>(AwsSettings.problems(context.settings()));
        if (context.flags().localOrchestrator()) {
            problems.add(Problem.flag("--local-orchestrator", "cannot be used with aws: EC2 task runners cannot reach an "
                    + "orchestrator on this machine; use --orchestrator-url with an orchestrator they can reach"));
        }
        List<InstanceEntry> entries = context.config().entries();
        for (int i = 0; i < entries.size(); i++) {
            InstanceEntry entry = entries.get(i);
            String path = NAME + "[" + i + "].instance_type";
            if (!INSTANCE_TYPE.matcher(entry.instanceType()).matches()) {
                problems.add(new Problem(path, "'" + entry.instanceType() + "' is not an EC2 instance type name (family.size, "
                        + "e.g. c7g.medium)"));
            } else if (catalog.find(entry.instanceType()).isEmpty() && entry.vcpus().isEmpty()) {
                problems.add(new Problem(path, "'" + entry.instanceType() + "' is not in the bundled EC2 catalog (as of "
                        + catalog.asOf() + "); near names: " + String.join(", ", catalog.near(entry.instanceType(), 6))
                        + ". If it is a real type, give the entry \"vcpus\": N"));
            }
        }
        AwsSettings settings = AwsSettings.from(context.settings());
        problems.addAll(AwsAccount.resolve(settings.region(), context.environment()).problems());
        TerraformBinary.lookup(context.environment()).problem().ifPresent(problems::add);
        problems.addAll(CloudRunnerInputs.taskRunnerJarProblems(context.environment(), "machines"));
        return problems;
    }

    @Override
    public List<String> describe(ValidationContext context) {
        AwsSettings settings = AwsSettings.from(context.settings());
        AwsAccount account = AwsAccount.resolve(settings.region(), context.environment());
        List<String> lines = new ArrayList<>();
        lines.add("region " + account.region() + " (from " + account.regionSource() + ")");
        lines.add(account.credentials().map(source -> source.describe()).orElse("credentials: none found"));
        for (InstanceEntry entry : context.config().entries()) {
            Optional<AwsInstanceType> type = catalog.find(entry.instanceType());
            lines.add(entry.alias() + ": " + entry.instanceType() + ", " + architectureOf(entry).ec2Name()
                    + type.map(t -> ", " + t.vcpus() + " vCPUs").orElse(""));
        }
        lines.add("SSH: " + settings.sshCidr().map(cidr -> "from " + cidr).orElse("no inbound rule")
                + "; machines power off after " + settings.maxHours() + " h at the latest");
        return lines;
    }

    @Override
    public List<Problem> preflight(PreflightContext context) {
        AwsSettings settings = AwsSettings.from(context.settings());
        String region = AwsAccount.resolve(settings.region(), context.environment()).region();
        List<PlannedType> types = new ArrayList<>();
        List<InstanceEntry> entries = context.config().entries();
        for (int i = 0; i < entries.size(); i++) {
            InstanceEntry entry = entries.get(i);
            Optional<AwsInstanceType> known = catalog.find(entry.instanceType());
            types.add(new PlannedType(NAME + "[" + i + "]", entry.instanceType(),
                    entry.vcpus().isPresent() ? entry.vcpus() : known.map(t -> java.util.OptionalInt.of(t.vcpus()))
                            .orElse(java.util.OptionalInt.empty()),
                    entry.vcpus().isPresent() ? "the entry's \"vcpus\"" : "the bundled catalog",
                    architectureOf(entry), known.isPresent() ? "the bundled catalog" : "its family name"));
        }
        context.events().accept(new dev.benchfleet.core.spi.ProviderEvent(NAME, dev.benchfleet.core.spi.ProviderEvent.Level.INFO,
                "pre-flight in " + region + ": credentials, instance types, zones"));
        return new AwsPreflight(clients, context.environment(), region).check(types);
    }

    @Override
    public SetupResult setup(ProviderContext context) {
        // The run's runner token, never the admin key (that is only where the orchestrator issues no tokens).
        Secret token = context.runnerToken();
        CloudRunnerInputs.requireBootScriptSafe(token, "machines' user-data");
        String orchestratorUrl = CloudRunnerInputs.orchestratorUrl(context.orchestratorUrl(), "EC2 task runners");
        AwsSettings settings = AwsSettings.from(context.config().settings());
        String region = AwsAccount.resolve(settings.region(), context.environment()).region();
        Path jar = CloudRunnerInputs.taskRunnerJar(context.environment());
        AwsLayout layout = new AwsLayout(context.workDir());

        AwsRunState state = new AwsRunState(context.runId(), region, layout.terraformDir().toString(),
                layout.networkDir(region).toString(), AwsRunState.Phase.APPLYING, List.of(), List.of());
        context.state().save(state.toJson(mapper)); // before anything exists: a crash from here on can be torn down
        TerraformSettings terraform = TerraformSettings.fromEnvironment(context.environment());

        context.info("shared network of " + region + " (" + layout.networkDir(region) + ")");
        stack(NETWORK_MODULE, "aws-network", terraform, layout.networkDir(region), layout, context)
                .apply(Map.of("region", region), Map.of(), context.cancellation());

        context.info("runner machines: " + context.capacity().totalInstances() + " instance(s), "
                + context.capacity().totalContainers() + " runner(s)");
        TerraformOutputs outputs = stack(RUNNERS_MODULE, NAME, terraform, layout.terraformDir(), layout, context)
                .apply(variables(context, settings, region, orchestratorUrl, jar), Map.of(RUNNER_TOKEN, token),
                        context.cancellation());

        List<StartedResource> started = new ArrayList<>();
        outputs.json("instances").properties().forEach(alias -> alias.getValue().forEach(machine ->
                started.add(new StartedResource("ec2-instance", machine.path("id").asText(),
                        machine.path("public_ip").asText("")))));
        context.state().save(state.with(AwsRunState.Phase.APPLIED,
                started.stream().map(StartedResource::id).toList(), List.of()).toJson(mapper));
        return new SetupResult(started, "java -jar runner.jar nuke " + context.runId()
                + " (or: terraform -chdir=" + layout.terraformDir() + " destroy)");
    }

    @Override
    public void teardown(TeardownContext context) {
        Optional<AwsRunState> recorded = context.state().load().map(json -> AwsRunState.fromJson(mapper, json));
        if (recorded.isEmpty()) {
            return; // setup never started: nothing can exist
        }
        AwsRunState state = recorded.get();
        if (state.phase() == AwsRunState.Phase.DESTROYED && state.left().isEmpty()) {
            return;
        }
        Path terraformDir = Path.of(state.terraformDir());
        if (Files.isDirectory(terraformDir)) {
            TerraformSettings terraform = TerraformSettings.fromEnvironment(context.environment());
            TerraformStack stack = stack(RUNNERS_MODULE, NAME, terraform, terraformDir, new AwsLayout(context.workDir()), context);
            context.info("terraform destroy in " + terraformDir);
            stack.destroy(Map.of(RUNNER_TOKEN, DESTROY_TOKEN), context.cancellation());
        }
        SweepReport report;
        try (Ec2Api ec2 = clients.ec2(state.region(), context.environment())) {
            report = new AwsSweep(ec2, sweepTiming, clock, context.cancellation(), context::info).sweep(state.runId());
        } catch (AwsApiException e) {
            throw new ExternalException("aws: terraform destroy finished, but the tag sweep of " + state.region()
                    + " failed: " + e.getMessage(), "run `java -jar runner.jar nuke " + state.runId() + "` again, or look for "
                    + "resources tagged benchfleet-run-id=" + state.runId() + " in the EC2 console", e);
        }
        context.state().save(state.with(AwsRunState.Phase.DESTROYED, state.instanceIds(), report.left()).toJson(mapper));
        if (report.isClean()) {
            CloudRunnerInputs.deleteTree(terraformDir);
        } else {
            context.warn("still tagged benchfleet-run-id=" + state.runId() + " in " + state.region() + ": "
                    + String.join(", ", report.left()));
        }
    }

    @Override
    public List<StartedResource> remaining(TeardownContext context) {
        Optional<AwsRunState> recorded = context.state().load().map(json -> AwsRunState.fromJson(mapper, json));
        if (recorded.isEmpty()) {
            return List.of();
        }
        AwsRunState state = recorded.get();
        if (state.phase() == AwsRunState.Phase.DESTROYED) {
            return state.left().stream().map(left -> CloudRunnerInputs.leftResource(left, "aws-resource")).toList();
        }
        List<StartedResource> left = new ArrayList<>();
        state.instanceIds().forEach(id -> left.add(new StartedResource("ec2-instance", id, "")));
        left.add(new StartedResource("terraform-state", state.terraformDir(), state.region()));
        return left;
    }

    /** The module's plain variables from the capacity plan (the token is not among them). */
    ObjectNode variables(ProviderContext context, AwsSettings settings, String region, String orchestratorUrl, Path jar) {
        ObjectNode vars = mapper.createObjectNode();
        vars.put("region", region);
        vars.put("run_id", context.runId());
        vars.put("ruby_version", context.rubyVersion());
        ObjectNode instances = vars.putObject("instances");
        Map<String, InstanceEntry> entries = new LinkedHashMap<>();
        context.config().entries().forEach(entry -> entries.put(entry.alias(), entry));
        for (EntryCapacity entry : context.capacity().entries()) {
            ObjectNode instance = instances.putObject(entry.alias());
            instance.put("instance_type", entry.instanceType());
            instance.put("arch", architectureOf(entries.get(entry.alias())).ec2Name());
            instance.put("runners", entry.runnersPerInstance());
            instance.put("instance_count", entry.instances());
            instance.put("spot", false);
        }
        vars.put("orchestrator_url", orchestratorUrl);
        // not secret: the boot script writes it and fetches with curl --cacert, and the runners pin its SHA-256
        vars.put("orchestrator_cert_pem", context.orchestratorCertPem().orElse(""));
        // the master uploaded exactly this jar to the orchestrator before any runner may fetch it
        vars.put("task_runner_sha256", context.taskRunnerSha256().orElseGet(() -> CloudRunnerInputs.sha256(jar)));
        vars.put("task_runner_dockerfile", CloudRunnerInputs.resourceText(AwsProvider.class, DOCKERFILE));
        vars.put("mock", context.flags().mock());
        vars.put("debug", context.flags().debug());
        vars.put("max_hours", settings.maxHours());
        settings.sshCidr().ifPresent(cidr -> vars.put("ssh_cidr", cidr));
        vars.put("root_volume_gb", settings.rootVolumeGb());
        return vars;
    }

    /** The catalog's architecture, else a Graviton family name means arm64 (pre-flight confirms it with EC2). */
    AwsArchitecture architectureOf(InstanceEntry entry) {
        return catalog.find(entry.instanceType()).map(AwsInstanceType::architecture)
                .orElse(GRAVITON.matcher(entry.instanceType()).matches() ? AwsArchitecture.ARM64 : AwsArchitecture.X86_64);
    }

    private TerraformStack stack(String resource, String name, TerraformSettings settings, Path dir, AwsLayout layout,
                                 TeardownContext context) {
        return TerraformStack.builder(NAME, TerraformModule.fromClasspath(name, AwsProvider.class.getClassLoader(), resource),
                        settings, dir)
                .logFile(layout.logFile()).environment(context.environment())
                .listener(event -> TerraformProgress.line(event).ifPresent(context::info)).build();
    }
}
