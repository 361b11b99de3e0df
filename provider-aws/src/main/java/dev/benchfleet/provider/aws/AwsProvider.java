package dev.benchfleet.provider.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.service.AutoService;
import dev.benchfleet.core.capacity.EntryCapacity;
import dev.benchfleet.core.config.InstanceEntry;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.InstanceCatalog;
import dev.benchfleet.core.spi.OnFirstUse;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    private static final Pattern INSTANCE_ADDRESS = Pattern.compile("aws_instance\\.runner\\[\"([^\"]+)\"\\]");

    /** Read on first use: a run with no entry of this cloud (a local run) never parses it. */
    private final Supplier<AwsInstanceCatalog> catalog;
    private final AwsClients clients;
    private final SweepTiming sweepTiming;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    /** Overrides the user's price file ({@code plan} reads it, {@code catalog refresh} writes it). */
    static final String PRICES_VARIABLE = "BENCHFLEET_AWS_PRICES";
    /** Overrides AWS's price list host (a mirror; tests serve a recorded sample on loopback). */
    static final String PRICE_LIST_VARIABLE = "BENCHFLEET_AWS_PRICE_LIST_URL";

    /**
     * The provider as {@link java.util.ServiceLoader} makes it: bundled catalog with the user's refreshed prices
     * ({@code $BENCHFLEET_AWS_PRICES}, else {@code $HOME/.benchfleet/catalogs/aws-prices.json}, when present), real
     * AWS clients.
     */
    public AwsProvider() {
        this(() -> AwsInstanceCatalog.bundled().withPricesFrom(userPrices(dev.benchfleet.core.spi.Environment.of(
                System.getenv()))), SdkAwsClients.standard(), SweepTiming.standard(), Clock.systemUTC());
    }

    /** The user's price file. */
    static Path userPrices(dev.benchfleet.core.spi.Environment environment) {
        return dev.benchfleet.core.spi.UserPriceFiles.location(environment, PRICES_VARIABLE, NAME);
    }

    /** A provider with other AWS clients and sweep timing (tests, embedding applications). */
    public AwsProvider(AwsInstanceCatalog catalog, AwsClients clients, SweepTiming sweepTiming, Clock clock) {
        this(() -> catalog, clients, sweepTiming, clock);
    }

    private AwsProvider(Supplier<AwsInstanceCatalog> catalogSource, AwsClients clients, SweepTiming sweepTiming,
                        Clock clock) {
        this.catalog = OnFirstUse.of(catalogSource);
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
        return catalog.get().coreCatalog();
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
        catalog.get().userPricesProblem().ifPresent(why -> problems.add(Problem.environment(PRICES_VARIABLE, "the AWS price file "
                + "cannot be used (" + why + "); run `catalog refresh aws` again, or delete the file")));
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
            } else if (catalog.get().find(entry.instanceType()).isEmpty() && entry.vcpus().isEmpty()) {
                problems.add(new Problem(path, "'" + entry.instanceType() + "' is not in the bundled EC2 catalog (as of "
                        + catalog.get().asOf() + "); near names: " + String.join(", ", catalog.get().near(entry.instanceType(), 6))
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
            Optional<AwsInstanceType> type = catalog.get().find(entry.instanceType());
            lines.add(entry.alias() + ": " + entry.instanceType() + ", " + architectureOf(entry).ec2Name()
                    + type.map(t -> ", " + t.vcpus() + " vCPUs").orElse("") + (entry.spot() ? ", spot" : ""));
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
            Optional<AwsInstanceType> known = catalog.get().find(entry.instanceType());
            types.add(new PlannedType(NAME + "[" + i + "]", entry.instanceType(),
                    entry.vcpus().isPresent() ? entry.vcpus() : known.map(t -> java.util.OptionalInt.of(t.vcpus()))
                            .orElse(java.util.OptionalInt.empty()),
                    entry.vcpus().isPresent() ? "the entry's \"vcpus\"" : "the bundled catalog",
                    architectureOf(entry), entry.architecture().isPresent() ? "the entry's \"arch\""
                            : known.isPresent() ? "the bundled catalog" : "its family name"));
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
        Instant applyStarted = clock.instant();
        Map<String, Instant> creationStarted = new java.util.concurrent.ConcurrentHashMap<>();
        TerraformOutputs outputs = stack(RUNNERS_MODULE, NAME, terraform, layout.terraformDir(), layout, context,
                event -> instanceKey(event).ifPresent(key -> creationStarted.putIfAbsent(key, clock.instant())))
                .apply(variables(context, settings, region, orchestratorUrl, jar), Map.of(RUNNER_TOKEN, token),
                        context.cancellation());

        List<StartedResource> started = new ArrayList<>();
        List<AwsRunState.Machine> machines = new ArrayList<>();
        outputs.json("instances").properties().forEach(alias -> alias.getValue().forEach(machine -> {
            started.add(new StartedResource("ec2-instance", machine.path("id").asText(),
                    machine.path("public_ip").asText("")));
            String key = machine.path("key").asText();
            machines.add(new AwsRunState.Machine(alias.getKey(), machine.path("id").asText(), key,
                    creationStarted.getOrDefault(key, applyStarted)));
        }));
        context.state().save(state.with(AwsRunState.Phase.APPLIED,
                started.stream().map(StartedResource::id).toList(), List.of()).withMachines(machines).toJson(mapper));
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
        context.state().save(state.with(AwsRunState.Phase.DESTROYED, state.instanceIds(), report.left())
                .tornDownAt(clock.instant()).toJson(mapper));
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

    /**
     * Console output (EC2 {@code GetConsoleOutput}) of every recorded machine of the silent aliases, each into
     * {@code logs/aws-console-<alias>-<instance id>.log} (0600: a boot log is nobody else's business).
     */
    @Override
    public List<dev.benchfleet.core.spi.MachineDiagnosis> diagnoseBoot(dev.benchfleet.core.spi.BootCheckContext context) {
        Optional<AwsRunState> recorded = context.state().load().map(json -> AwsRunState.fromJson(mapper, json));
        if (recorded.isEmpty()) {
            return List.of();
        }
        AwsRunState state = recorded.get();
        List<dev.benchfleet.core.spi.MachineDiagnosis> saved = new ArrayList<>();
        try (Ec2Api ec2 = clients.ec2(state.region(), context.environment())) {
            for (AwsRunState.Machine machine : state.machines()) {
                if (!context.silentAliases().contains(machine.alias())) {
                    continue;
                }
                String output;
                try {
                    output = ec2.consoleOutput(machine.id());
                } catch (AwsApiException e) {
                    context.warn("no console output of " + machine.id() + ": " + e.getMessage());
                    continue;
                }
                Path log = context.logsDir().resolve("aws-console-" + machine.alias() + "-" + machine.id() + ".log");
                String text = output.isEmpty() ? "(EC2 has no console output of " + machine.id() + " yet)\n" : output;
                dev.benchfleet.core.journal.SecureFiles.writePrivate(log, text.getBytes(StandardCharsets.UTF_8));
                saved.add(new dev.benchfleet.core.spi.MachineDiagnosis(machine.alias(), machine.id(), log,
                        output.isEmpty() ? "EC2 has no console output yet: the machine may not have booted"
                                : dev.benchfleet.core.spi.MachineDiagnosis.lastLineNote(output)));
            }
        }
        return saved;
    }

    /**
     * {@code catalog refresh aws [--region R] [--output FILE]}: on-demand Linux prices of the region (else the
     * configured one: AWS_REGION, the profile's, us-east-1) from AWS's public bulk offer file, written to the user's
     * price file (or FILE) with the file's URL, its publication date and the day it was read.
     */
    @Override
    public List<String> refreshCatalog(dev.benchfleet.core.spi.CatalogRefreshContext context) {
        String region = context.region().orElseGet(() -> AwsAccount.resolve(Optional.empty(), context.environment()).region());
        if (!AwsAccount.isRegionName(region)) {
            throw new ConfigException(Problem.flag("--region", "'" + region + "' is not an AWS region name such as "
                    + "us-east-1 or eu-west-1"), null);
        }
        URI base = context.environment().get(PRICE_LIST_VARIABLE).map(URI::create)
                .orElse(dev.benchfleet.provider.aws.catalog.AwsPriceRefresh.DEFAULT_BASE);
        dev.benchfleet.provider.aws.catalog.AwsPriceRefresh refresh =
                new dev.benchfleet.provider.aws.catalog.AwsPriceRefresh(base, clock);
        context.info("downloading " + refresh.offerFile(region) + " (hundreds of MB; read as it arrives)");
        dev.benchfleet.provider.aws.catalog.AwsPriceList prices = refresh.refresh(region, context.cancellation());
        Path file = context.output().orElseGet(() -> userPrices(context.environment()));
        try {
            prices.write(file);
        } catch (IOException e) {
            throw new ExternalException("aws: cannot write " + file + ": " + e.getMessage(), "check the folder's permissions", e);
        }
        List<String> known = prices.usdPerHour().keySet().stream().filter(type -> catalog.get().find(type).isPresent()).toList();
        return List.of("wrote " + file, prices.usdPerHour().size() + " on-demand Linux prices of " + region + " ("
                        + known.size() + " of them for types in the bundled catalog), published "
                        + prices.publicationDate() + ", read " + prices.retrievedOn(),
                context.output().isPresent() && !file.equals(userPrices(context.environment()))
                        ? "plan reads it with " + PRICES_VARIABLE + "=" + file
                        : "plan now shows these prices (and estimates) for aws entries");
    }

    /**
     * {@code nuke --all}: in every region named (else the default region and every region with a shared network
     * folder under {@code .benchfleet/networks/}), {@link AwsSweep#sweepAll}: every runner resource of every run,
     * then the shared network (subnets, internet gateway, route table, VPC). A region left clean loses its network
     * folder (its state describes what is gone; the next run there creates the network again).
     */
    @Override
    public List<StartedResource> sweepAll(dev.benchfleet.core.spi.SweepContext context) {
        // --region names every cloud's regions at once: AWS takes those that are AWS region names.
        List<String> named = context.regions().stream().filter(AwsAccount::isRegionName).toList();
        if (!context.regions().isEmpty() && named.isEmpty()) {
            context.info("no AWS region among " + String.join(", ", context.regions()) + ": nothing to sweep on AWS");
            return List.of();
        }
        AwsAccount account = AwsAccount.resolve(Optional.empty(), context.environment());
        Path networks = context.baseDir().resolve(".benchfleet").resolve("networks");
        java.util.SortedSet<String> regions = new java.util.TreeSet<>(named);
        if (regions.isEmpty()) {
            regions.add(account.region());
            regions.addAll(networkRegions(networks));
        }
        if (account.credentials().isEmpty()) {
            List<String> known = networkRegions(networks);
            if (context.regions().isEmpty() && known.isEmpty()) {
                context.info("no AWS credentials and no AWS network folder here: nothing to sweep on AWS");
                return List.of();
            }
            context.warn("cannot sweep " + String.join(", ", regions) + ": " + AwsAccount.HOW_TO_PROVIDE);
            return regions.stream().map(region -> new StartedResource("aws-region", region,
                    "not swept: no AWS credentials")).toList();
        }
        List<StartedResource> left = new ArrayList<>();
        for (String region : regions) {
            context.info("sweeping " + region + ": every benchfleet-component=runner resource, then the shared network");
            try (Ec2Api ec2 = clients.ec2(region, context.environment())) {
                SweepReport report = new AwsSweep(ec2, sweepTiming, clock, context.cancellation(),
                        line -> context.info(region + ": " + line)).sweepAll();
                report.left().forEach(item -> left.add(CloudRunnerInputs.leftResource(item + " in " + region, "aws-resource")));
                if (report.isClean()) {
                    CloudRunnerInputs.deleteTree(networks.resolve("aws-" + region));
                    context.info(region + ": clean (" + report.terminated().size() + " instance(s) terminated, "
                            + report.deleted().size() + " resource(s) deleted)");
                }
            } catch (AwsApiException e) {
                context.warn(region + ": sweep failed: " + e.getMessage());
                left.add(new StartedResource("aws-region", region, "sweep failed: " + e.getMessage()));
            }
        }
        return left;
    }

    /** Regions with a shared network folder ({@code .benchfleet/networks/aws-<region>}). */
    private static List<String> networkRegions(Path networks) {
        if (!Files.isDirectory(networks)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(networks)) {
            return folders.map(folder -> folder.getFileName().toString()).filter(name -> name.startsWith("aws-"))
                    .map(name -> name.substring(4)).filter(AwsAccount::isRegionName).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each instance from when Terraform started creating it to when the teardown that removed it finished (no end
     * while the run is up, or when the last teardown left something).
     */
    @Override
    public List<dev.benchfleet.core.spi.MachineUsage> usage(TeardownContext context) {
        Optional<AwsRunState> recorded = context.state().load().map(json -> AwsRunState.fromJson(mapper, json));
        if (recorded.isEmpty()) {
            return List.of();
        }
        AwsRunState state = recorded.get();
        Instant ended = state.phase() == AwsRunState.Phase.DESTROYED && state.tornDownAt() != null
                && state.left().isEmpty() ? Instant.parse(state.tornDownAt()) : null;
        return state.machines().stream().map(machine -> new dev.benchfleet.core.spi.MachineUsage(machine.alias(),
                machine.id(), machine.created(), ended == null || ended.isBefore(machine.created()) ? null : ended)).toList();
    }

    /** {@code aws_instance.runner["c7g-1"]} starting to be created → {@code c7g-1}. */
    private static Optional<String> instanceKey(dev.benchfleet.core.terraform.TerraformEvent event) {
        if (event instanceof dev.benchfleet.core.terraform.TerraformEvent.ResourceStarted started
                && started.action() == dev.benchfleet.core.terraform.TerraformEvent.Action.CREATE) {
            java.util.regex.Matcher matcher = INSTANCE_ADDRESS.matcher(started.address());
            if (matcher.matches()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
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
            instance.put("spot", entry.spot());
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

    /**
     * The entry's {@code "arch"} wins; else the catalog's architecture; else a Graviton family name means arm64
     * (pre-flight confirms it with EC2). The same answer goes to {@code plan}, pre-flight and the var file.
     */
    AwsArchitecture architectureOf(InstanceEntry entry) {
        Optional<AwsArchitecture> given = entry.architecture().map(arch -> AwsArchitecture.fromEc2Name(arch.label()));
        if (given.isPresent()) {
            return given.get();
        }
        return catalog.get().find(entry.instanceType()).map(AwsInstanceType::architecture)
                .orElse(GRAVITON.matcher(entry.instanceType()).matches() ? AwsArchitecture.ARM64 : AwsArchitecture.X86_64);
    }

    private TerraformStack stack(String resource, String name, TerraformSettings settings, Path dir, AwsLayout layout,
                                 TeardownContext context) {
        return stack(resource, name, settings, dir, layout, context, event -> { });
    }

    private TerraformStack stack(String resource, String name, TerraformSettings settings, Path dir, AwsLayout layout,
                                 TeardownContext context, dev.benchfleet.core.terraform.TerraformListener also) {
        return TerraformStack.builder(NAME, TerraformModule.fromClasspath(name, AwsProvider.class.getClassLoader(), resource),
                        settings, dir)
                .logFile(layout.logFile()).environment(context.environment())
                .listener(event -> {
                    also.onEvent(event);
                    TerraformProgress.line(event).ifPresent(context::info);
                }).build();
    }
}
