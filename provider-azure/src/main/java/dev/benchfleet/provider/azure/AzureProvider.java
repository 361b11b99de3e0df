package dev.benchfleet.provider.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.service.AutoService;
import dev.benchfleet.core.capacity.CapacityPlanner;
import dev.benchfleet.core.capacity.EntryCapacity;
import dev.benchfleet.core.config.InstanceEntry;
import dev.benchfleet.core.error.CredentialsException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.journal.SecureFiles;
import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.core.spi.BootCheckContext;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.InstanceCatalog;
import dev.benchfleet.core.spi.MachineDiagnosis;
import dev.benchfleet.core.spi.MachineUsage;
import dev.benchfleet.core.spi.OnFirstUse;
import dev.benchfleet.core.spi.PreflightContext;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderEvent;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.Setting;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.SpiVersion;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.spi.SweepContext;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.TeardownContext;
import dev.benchfleet.core.spi.ValidationContext;
import dev.benchfleet.core.terraform.CloudRunnerInputs;
import dev.benchfleet.core.terraform.TerraformBinary;
import dev.benchfleet.core.terraform.TerraformEvent;
import dev.benchfleet.core.terraform.TerraformListener;
import dev.benchfleet.core.terraform.TerraformModule;
import dev.benchfleet.core.terraform.TerraformOutputs;
import dev.benchfleet.core.terraform.TerraformProgress;
import dev.benchfleet.core.terraform.TerraformSettings;
import dev.benchfleet.core.terraform.TerraformStack;
import dev.benchfleet.provider.azure.arm.ArmApi;
import dev.benchfleet.provider.azure.arm.ArmClients;
import dev.benchfleet.provider.azure.arm.ArmException;
import dev.benchfleet.provider.azure.catalog.AzureSizeName;
import dev.benchfleet.provider.azure.catalog.AzureVmCatalog;
import dev.benchfleet.provider.azure.catalog.AzureVmSize;
import dev.benchfleet.provider.azure.credentials.AzureAccount;
import dev.benchfleet.provider.azure.credentials.AzureCredentialSource;
import dev.benchfleet.provider.azure.preflight.AzurePreflight;
import dev.benchfleet.provider.azure.preflight.PlannedSize;
import dev.benchfleet.provider.azure.sweep.ResourceGroupSweep;
import dev.benchfleet.provider.azure.sweep.SweepReport;
import dev.benchfleet.provider.azure.sweep.SweepTiming;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task runners on Azure VMs (issue 12, cloud.md A5–A8). {@code azure}, {@code pre_orchestrator}.
 *
 * <ul>
 *   <li>{@link #validate}: no network, no process — sizes against the bundled catalog, the settings, the region,
 *       credentials <em>present</em> ({@code ARM_*} or an {@code az login} session) and a subscription, a Terraform
 *       binary, the task runner jar, no local orchestrator;</li>
 *   <li>{@link #preflight}: the subscription, Resource SKUs of the region (each size exists, its vCPUs,
 *       architecture and Hyper-V generation) and the regional and per-family vCPU quotas;</li>
 *   <li>{@link #setup}: the run's module ({@code infrastructure/azure}, one resource group per run) in
 *       {@code <workDir>/terraform/}, variables from the capacity plan, the runner token only as
 *       {@code TF_VAR_runner_token}, the VMs' SSH key written 0600 next to the state; the journal state is saved
 *       before and after;</li>
 *   <li>{@link #teardown}: {@code terraform destroy} from the journal state (state kept until it succeeds), then
 *       {@link ResourceGroupSweep}: every group tagged with the run id is deleted and waited for.</li>
 * </ul>
 */
@AutoService(TaskRunnerProvider.class)
@SpiVersion(SpiVersion.CURRENT)
public final class AzureProvider implements TaskRunnerProvider {

    /** The provider's name and config key. */
    public static final String NAME = "azure";
    /** The module's secret variable. */
    static final String RUNNER_TOKEN = "runner_token";
    /** The task runner jar whose SHA-256 the VMs check (same variable as the other providers'). */
    static final String TASK_RUNNER_JAR = CloudRunnerInputs.TASK_RUNNER_JAR;
    /** Destroy evaluates every variable; the token only matters to custom_data, which destroy never uses. */
    static final Secret DESTROY_TOKEN = Secret.of("benchfleet-destroy-needs-no-token");

    private static final String MODULE = "dev/benchfleet/provider/azure/terraform/runners";
    private static final String DOCKERFILE = "/dev/benchfleet/provider/azure/Dockerfile";
    private static final Pattern VM_ADDRESS = Pattern.compile("azurerm_linux_virtual_machine\\.runner\\[\"([^\"]+)\"\\]");

    /** Read on first use: a run with no entry of this cloud (a local run) never parses it. */
    private final Supplier<AzureVmCatalog> catalog;
    private final ArmClients clients;
    private final SweepTiming sweepTiming;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    /** Overrides the user's price file ({@code plan} reads it, {@code catalog refresh} writes it). */
    static final String PRICES_VARIABLE = "BENCHFLEET_AZURE_PRICES";
    /** Overrides the Retail Prices API's host ({@code catalog refresh azure}). */
    static final String PRICE_LIST_VARIABLE = "BENCHFLEET_AZURE_PRICE_LIST_URL";

    /**
     * The provider as {@link java.util.ServiceLoader} makes it: bundled catalog with the user's refreshed prices
     * ({@code $BENCHFLEET_AZURE_PRICES}, else {@code $HOME/.benchfleet/catalogs/azure-prices.json}, when present),
     * real ARM clients.
     */
    public AzureProvider() {
        this(() -> AzureVmCatalog.bundled().withPricesFrom(userPrices(Environment.of(System.getenv()))),
                ArmClients.standard(), SweepTiming.standard(), Clock.systemUTC());
    }

    static Path userPrices(Environment environment) {
        return dev.benchfleet.core.spi.UserPriceFiles.location(environment, PRICES_VARIABLE, NAME);
    }

    /** A provider with other ARM clients and sweep timing (tests, embedding applications). */
    public AzureProvider(AzureVmCatalog catalog, ArmClients clients, SweepTiming sweepTiming, Clock clock) {
        this(() -> catalog, clients, sweepTiming, clock);
    }

    private AzureProvider(Supplier<AzureVmCatalog> catalogSource, ArmClients clients, SweepTiming sweepTiming,
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
        return AzureSettings.DECLARED;
    }

    /** Deleting a resource group with VMs takes Azure several minutes. */
    @Override
    public Duration teardownGrace() {
        return Duration.ofMinutes(30);
    }

    @Override
    public List<Problem> validate(ValidationContext context) {
        List<InstanceEntry> entries = context.config().entries();
        List<Problem> problems = new ArrayList<>(AzureSettings.problems(context.settings()));
        catalog.get().userPricesProblem().ifPresent(why -> problems.add(Problem.environment(PRICES_VARIABLE, "the Azure price "
                + "file cannot be used (" + why + "); run `catalog refresh azure` again, or delete the file")));
        if (context.flags().localOrchestrator()) {
            problems.add(Problem.flag("--local-orchestrator", "cannot be used with azure: Azure VMs cannot reach an "
                    + "orchestrator on this machine; use --orchestrator-url with an orchestrator they can reach"));
        }
        for (int i = 0; i < entries.size(); i++) {
            InstanceEntry entry = entries.get(i);
            String path = NAME + "[" + i + "].instance_type";
            if (!AzureSizeName.isSizeName(entry.instanceType())) {
                problems.add(new Problem(path, "'" + entry.instanceType() + "' is not an Azure VM size name "
                        + "(Standard_<family><vCPUs><letters>_v<n>, e.g. Standard_D2ps_v5)"));
            } else if (catalog.get().find(entry.instanceType()).isEmpty() && entry.vcpus().isEmpty()) {
                problems.add(new Problem(path, "'" + entry.instanceType() + "' is not in the bundled Azure catalog (as of "
                        + catalog.get().asOf() + "); near names: " + String.join(", ", catalog.get().near(entry.instanceType(), 6))
                        + ". If it is a real size, give the entry \"vcpus\": N (the number in a size's name is not always "
                        + "its vCPU count)"));
            }
        }
        AzureSettings settings = AzureSettings.from(context.settings());
        problems.addAll(account(settings, context.environment()).problems());
        TerraformBinary.lookup(context.environment()).problem().ifPresent(problems::add);
        problems.addAll(CloudRunnerInputs.taskRunnerJarProblems(context.environment(), "VMs"));
        return problems;
    }

    @Override
    public List<String> describe(ValidationContext context) {
        AzureSettings settings = AzureSettings.from(context.settings());
        AzureAccount account = account(settings, context.environment());
        List<String> lines = new ArrayList<>();
        lines.add("region " + account.region() + " (from " + account.regionSource() + ")");
        lines.add(account.subscriptionId().map(id -> "subscription " + id + " (from " + account.subscriptionSource() + ")")
                .orElse("subscription: none found"));
        lines.add(account.credentials().map(AzureCredentialSource::describe).orElse("credentials: none found"));
        for (InstanceEntry entry : context.config().entries()) {
            Optional<AzureVmSize> size = catalog.get().find(entry.instanceType());
            int vcpus = entry.vcpus().orElse(size.map(AzureVmSize::vcpus).orElse(0));
            lines.add(entry.alias() + ": " + entry.instanceType() + ", " + architectureOf(entry).label()
                    + (vcpus > 0 ? ", " + vcpus + " vCPUs" : "")
                    + (entry.spot() ? ", Spot" : ""));
        }
        lines.add("SSH: " + settings.sshCidr().map(cidr -> "from " + cidr).orElse("no inbound rule")
                + "; VMs deallocate themselves after " + settings.maxHours() + " h at the latest");
        return lines;
    }

    @Override
    public List<Problem> preflight(PreflightContext context) {
        AzureSettings settings = AzureSettings.from(context.settings());
        AzureAccount account = account(settings, context.environment());
        if (account.credentials().isEmpty() || account.subscriptionId().isEmpty()) {
            return account.problems();
        }
        Map<String, Integer> instances = new LinkedHashMap<>();
        // Quotas are checked for the VMs the run will create: the same capacity plan setup gets.
        new CapacityPlanner().plan(context.config(), instanceCatalog(), capacityModel()).entries()
                .forEach(entry -> instances.put(entry.alias(), entry.instances()));
        List<PlannedSize> planned = new ArrayList<>();
        List<InstanceEntry> entries = context.config().entries();
        for (int i = 0; i < entries.size(); i++) {
            InstanceEntry entry = entries.get(i);
            int vcpus = entry.vcpus().orElse(catalog.get().find(entry.instanceType()).map(AzureVmSize::vcpus).orElse(0));
            planned.add(new PlannedSize(NAME + "[" + i + "]", entry.instanceType(), vcpus, architectureOf(entry),
                    instances.getOrDefault(entry.alias(), 0), entry.spot()));
        }
        context.events().accept(new ProviderEvent(NAME, ProviderEvent.Level.INFO, "pre-flight in " + account.region()
                + ": subscription, VM sizes, vCPU quotas"));
        try (ArmApi arm = clients.arm(account.subscriptionId().get(), account.credentials().get(), context.environment())) {
            return new AzurePreflight(arm, account.region()).check(planned);
        }
    }

    @Override
    public SetupResult setup(ProviderContext context) {
        // The run's runner token, never the admin key (that is only where the orchestrator issues no tokens).
        Secret token = context.runnerToken();
        CloudRunnerInputs.requireBootScriptSafe(token, "VMs' custom data");
        String orchestratorUrl = CloudRunnerInputs.orchestratorUrl(context.orchestratorUrl(), "Azure task runners");
        AzureSettings settings = AzureSettings.from(context.config().settings());
        AzureAccount account = account(settings, context.environment());
        if (account.credentials().isEmpty() || account.subscriptionId().isEmpty()) {
            throw new CredentialsException("azure: " + account.problems().stream().map(Problem::toString)
                    .reduce((a, b) -> a + "; " + b).orElse("no credentials"), AzureAccount.HOW_TO_PROVIDE);
        }
        Path jar = CloudRunnerInputs.taskRunnerJar(context.environment());
        AzureLayout layout = new AzureLayout(context.workDir());

        AzureRunState state = new AzureRunState(context.runId(), account.subscriptionId().get(), account.region(),
                resourceGroup(context.runId()), layout.terraformDir().toString(), AzureRunState.Phase.APPLYING, List.of(),
                List.of());
        context.state().save(state.toJson(mapper)); // before anything exists: a crash from here on can be torn down
        context.info("runner VMs in " + account.region() + ", resource group " + state.resourceGroup() + ": "
                + context.capacity().totalInstances() + " VM(s), " + context.capacity().totalContainers() + " runner(s)");
        Instant applyStarted = clock.instant();
        Map<String, Instant> creationStarted = new ConcurrentHashMap<>();
        TerraformOutputs outputs = stack(TerraformSettings.fromEnvironment(context.environment()), layout.terraformDir(),
                layout, context, event -> vmKey(event).ifPresent(key -> creationStarted.putIfAbsent(key, clock.instant())))
                .apply(variables(context, settings, account, orchestratorUrl, jar), Map.of(RUNNER_TOKEN, token),
                        context.cancellation());

        outputs.find("ssh_private_key").ifPresent(key -> SecureFiles.writePrivate(layout.sshKey(),
                outputs.secret("ssh_private_key").reveal().getBytes(StandardCharsets.UTF_8)));
        List<StartedResource> started = new ArrayList<>();
        List<AzureRunState.Vm> vms = new ArrayList<>();
        outputs.json("instances").properties().forEach(alias -> alias.getValue().forEach(vm -> {
            started.add(new StartedResource("azure-vm", vm.path("id").asText(), vm.path("public_ip").asText("")));
            String key = vm.path("key").asText();
            vms.add(new AzureRunState.Vm(alias.getKey(), vm.path("id").asText(), vm.path("name").asText(key),
                    creationStarted.getOrDefault(key, applyStarted).toString()));
        }));
        context.state().save(state.with(AzureRunState.Phase.APPLIED,
                started.stream().map(StartedResource::id).toList(), List.of()).withVms(vms).toJson(mapper));
        return new SetupResult(started, "java -jar runner.jar nuke " + context.runId()
                + " (or: az group delete --name " + state.resourceGroup() + ")");
    }

    @Override
    public void teardown(TeardownContext context) {
        Optional<AzureRunState> recorded = recorded(context);
        if (recorded.isEmpty()) {
            return; // setup never started: nothing can exist
        }
        AzureRunState state = recorded.get();
        if (state.phase() == AzureRunState.Phase.DESTROYED && state.left().isEmpty()) {
            return;
        }
        Path terraformDir = Path.of(state.terraformDir());
        if (Files.isDirectory(terraformDir)) {
            TerraformStack stack = stack(TerraformSettings.fromEnvironment(context.environment()), terraformDir,
                    new AzureLayout(context.workDir()), context);
            context.info("terraform destroy in " + terraformDir);
            stack.destroy(Map.of(RUNNER_TOKEN, DESTROY_TOKEN), context.cancellation());
        }
        AzureAccount account = AzureAccount.resolve(Optional.of(state.region()), Optional.of(state.subscriptionId()),
                context.environment());
        if (account.credentials().isEmpty()) {
            throw new CredentialsException("azure: terraform destroy finished, but the resource-group sweep needs "
                    + "credentials and none were found", AzureAccount.HOW_TO_PROVIDE);
        }
        SweepReport report;
        try (ArmApi arm = clients.arm(state.subscriptionId(), account.credentials().get(), context.environment())) {
            report = new ResourceGroupSweep(arm, sweepTiming, clock, context.cancellation(), context::info)
                    .sweep(state.runId());
        } catch (ArmException e) {
            throw new ExternalException("azure: terraform destroy finished, but the resource-group sweep failed: "
                    + e.getMessage(), "run `java -jar runner.jar nuke " + state.runId() + "` again, or `az group delete "
                    + "--name " + state.resourceGroup() + "`", e);
        }
        context.state().save(state.with(AzureRunState.Phase.DESTROYED, state.vmIds(), report.left())
                .tornDownAt(clock.instant()).toJson(mapper));
        if (report.isClean()) {
            CloudRunnerInputs.deleteTree(terraformDir);
        } else {
            context.warn("still tagged benchfleet-run-id=" + state.runId() + ": " + String.join(", ", report.left()));
        }
    }

    @Override
    public List<StartedResource> remaining(TeardownContext context) {
        Optional<AzureRunState> recorded = recorded(context);
        if (recorded.isEmpty()) {
            return List.of();
        }
        AzureRunState state = recorded.get();
        if (state.phase() == AzureRunState.Phase.DESTROYED) {
            return state.left().stream().map(left -> CloudRunnerInputs.leftResource(left, "azure-resource")).toList();
        }
        List<StartedResource> left = new ArrayList<>();
        state.vmIds().forEach(id -> left.add(new StartedResource("azure-vm", id, "")));
        left.add(new StartedResource("resource-group", state.resourceGroup(), state.region()));
        left.add(new StartedResource("terraform-state", state.terraformDir(), state.region()));
        return left;
    }

    /**
     * {@code catalog refresh azure [--region R] [--output FILE]}: pay-as-you-go Linux VM prices of the region (else
     * the configured one: AZURE_REGION, else eastus) from the public Azure Retail Prices API, written to the user's
     * price file (or FILE) with the first page's URL and the day it was read.
     */
    @Override
    public List<String> refreshCatalog(dev.benchfleet.core.spi.CatalogRefreshContext context) {
        // Only the region matters here: no credentials are read (the price API is public).
        String region = context.region().or(() -> context.environment().get("AZURE_REGION").filter(r -> !r.isBlank()))
                .orElse(AzureAccount.DEFAULT_REGION);
        if (!AzureAccount.isRegionName(region)) {
            throw new dev.benchfleet.core.error.ConfigException(Problem.flag("--region", "'" + region
                    + "' is not an Azure region name such as eastus or westeurope"), null);
        }
        java.net.URI base;
        try {
            base = context.environment().get(PRICE_LIST_VARIABLE).map(java.net.URI::create)
                    .orElse(dev.benchfleet.provider.azure.catalog.AzurePriceRefresh.DEFAULT_BASE);
        } catch (IllegalArgumentException e) {
            throw new dev.benchfleet.core.error.ConfigException(Problem.environment(PRICE_LIST_VARIABLE,
                    "is not a URL: " + e.getMessage()), null);
        }
        dev.benchfleet.provider.azure.catalog.AzurePriceRefresh refresh =
                new dev.benchfleet.provider.azure.catalog.AzurePriceRefresh(base, clock);
        context.info("reading " + refresh.firstPage(region) + " page by page");
        dev.benchfleet.provider.azure.catalog.AzurePriceList prices = refresh.refresh(region, context.cancellation());
        Path file = context.output().orElseGet(() -> userPrices(context.environment()));
        try {
            prices.write(file);
        } catch (java.io.IOException e) {
            throw new ExternalException("azure: cannot write " + file + ": " + e.getMessage(), "check the folder's permissions", e);
        }
        long known = prices.perHour().keySet().stream().filter(size -> catalog.get().find(size).isPresent()).count();
        return List.of("wrote " + file, prices.perHour().size() + " pay-as-you-go Linux VM prices of " + region + " ("
                        + known + " of them for sizes in the bundled catalog), read " + prices.retrievedOn(),
                context.output().isPresent() && !file.equals(userPrices(context.environment()))
                        ? "plan reads it with " + PRICES_VARIABLE + "=" + file
                        : "plan now shows these prices (and estimates) for azure entries");
    }

    /**
     * {@code nuke --all}: {@link ResourceGroupSweep#sweepAll}, every {@code benchfleet-managed} resource group of the
     * subscription (its subscription from {@code ARM_SUBSCRIPTION_ID} or the {@code az login} session), deleted and
     * waited for. Resource groups belong to the subscription, not to a region: a named Azure region selects the
     * cloud, it does not narrow the sweep.
     */
    @Override
    public List<StartedResource> sweepAll(SweepContext context) {
        // --region names every cloud's regions at once: Azure takes those that are Azure region names.
        List<String> named = context.regions().stream().filter(AzureAccount::isRegionName).toList();
        if (!context.regions().isEmpty() && named.isEmpty()) {
            context.info("no Azure region among " + String.join(", ", context.regions()) + ": nothing to sweep on Azure");
            return List.of();
        }
        AzureAccount account = AzureAccount.resolve(Optional.empty(), Optional.empty(), context.environment());
        if (account.credentials().isEmpty() || account.subscriptionId().isEmpty()) {
            if (named.isEmpty()) {
                // Nothing points at Azure (no credentials, no Azure region named): a user of other clouds only.
                context.info("no Azure credentials or subscription: nothing swept on Azure");
                return List.of();
            }
            String subscription = account.subscriptionId().orElse("(no subscription)");
            context.warn("cannot sweep the Azure subscription " + subscription + ": " + AzureAccount.HOW_TO_PROVIDE);
            return List.of(new StartedResource("azure-subscription", subscription, "not swept: no Azure credentials"));
        }
        String subscription = account.subscriptionId().get();
        context.info("sweeping subscription " + subscription + ": every resource group tagged "
                + ResourceGroupSweep.MANAGED_TAG + "=true" + (named.isEmpty() ? "" : " (in every region: resource groups "
                + "belong to the subscription)"));
        try (ArmApi arm = clients.arm(subscription, account.credentials().get(), context.environment())) {
            SweepReport report = new ResourceGroupSweep(arm, sweepTiming, clock, context.cancellation(), context::info)
                    .sweepAll();
            if (report.isClean()) {
                context.info("subscription " + subscription + ": clean (" + report.deleted().size()
                        + " resource group(s) deleted)");
            }
            return report.left().stream().map(left -> CloudRunnerInputs.leftResource(left, "azure-resource")).toList();
        } catch (ArmException e) {
            context.warn("subscription " + subscription + ": sweep failed: " + e.getMessage());
            return List.of(new StartedResource("azure-subscription", subscription, "sweep failed: " + e.getMessage()));
        }
    }

    /**
     * Each VM from when Terraform started creating it to when the teardown that deleted its resource group finished
     * (no end while the run is up, or when the last teardown left something).
     */
    @Override
    public List<MachineUsage> usage(TeardownContext context) {
        return recorded(context).map(AzureProvider::usageOf).orElse(List.of());
    }

    private static List<MachineUsage> usageOf(AzureRunState state) {
        Instant ended = state.phase() == AzureRunState.Phase.DESTROYED && state.tornDownAt() != null
                && state.left().isEmpty() ? Instant.parse(state.tornDownAt()) : null;
        return state.vms().stream().map(vm -> new MachineUsage(vm.alias(), vm.name(), vm.created(),
                ended == null || ended.isBefore(vm.created()) ? null : ended)).toList();
    }

    /** {@code azurerm_linux_virtual_machine.runner["d2ps-1"]} starting to be created → {@code d2ps-1}. */
    private static Optional<String> vmKey(TerraformEvent event) {
        if (event instanceof TerraformEvent.ResourceStarted started
                && started.action() == TerraformEvent.Action.CREATE) {
            Matcher matcher = VM_ADDRESS.matcher(started.address());
            if (matcher.matches()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /**
     * The serial log (boot diagnostics) of every recorded VM of the silent aliases, each into
     * {@code logs/azure-serial-<alias>-<vm name>.log} (0600: a boot log is nobody else's business). Reads only.
     */
    @Override
    public List<MachineDiagnosis> diagnoseBoot(BootCheckContext context) {
        Optional<AzureRunState> recorded = recorded(context);
        List<AzureRunState.Vm> silent = recorded.stream().flatMap(state -> state.vms().stream())
                .filter(vm -> context.silentAliases().contains(vm.alias())).toList();
        if (silent.isEmpty()) {
            return List.of();
        }
        AzureRunState state = recorded.get();
        AzureAccount account = AzureAccount.resolve(Optional.of(state.region()), Optional.of(state.subscriptionId()),
                context.environment());
        if (account.credentials().isEmpty()) {
            context.warn("cannot read the serial logs of " + silent.stream().map(AzureRunState.Vm::name).toList()
                    + ": no Azure credentials; " + AzureAccount.HOW_TO_PROVIDE);
            return List.of();
        }
        List<MachineDiagnosis> saved = new ArrayList<>();
        try (ArmApi arm = clients.arm(state.subscriptionId(), account.credentials().get(), context.environment())) {
            for (AzureRunState.Vm vm : silent) {
                String output;
                try {
                    output = arm.serialLog(state.resourceGroup(), vm.name());
                } catch (ArmException e) {
                    context.warn("no serial log of " + vm.name() + ": " + e.getMessage());
                    continue;
                }
                Path log = context.logsDir().resolve("azure-serial-" + vm.alias() + "-" + vm.name() + ".log");
                String text = output.isBlank() ? "(Azure has no serial log of " + vm.name() + " yet)\n" : output;
                SecureFiles.writePrivate(log, text.getBytes(StandardCharsets.UTF_8));
                saved.add(new MachineDiagnosis(vm.alias(), vm.name(), log, output.isBlank()
                        ? "Azure has no serial log yet: the VM may not have booted" : MachineDiagnosis.lastLineNote(output)));
            }
        }
        return saved;
    }

    /** What setup recorded in the run's journal, if it started. */
    private Optional<AzureRunState> recorded(TeardownContext context) {
        return context.state().load().map(json -> AzureRunState.fromJson(mapper, json));
    }

    /** The run's resource group: one per run, the unit of cleanup. */
    static String resourceGroup(String runId) {
        return "benchfleet-" + runId;
    }

    /** The module's plain variables from the capacity plan (the token is not among them). */
    ObjectNode variables(ProviderContext context, AzureSettings settings, AzureAccount account, String orchestratorUrl,
                         Path jar) {
        ObjectNode vars = mapper.createObjectNode();
        vars.put("subscription_id", account.subscriptionId().orElseThrow());
        vars.put("region", account.region());
        vars.put("run_id", context.runId());
        vars.put("ruby_version", context.rubyVersion());
        ObjectNode instances = vars.putObject("instances");
        Map<String, InstanceEntry> entries = new LinkedHashMap<>();
        context.config().entries().forEach(entry -> entries.put(entry.alias(), entry));
        for (EntryCapacity entry : context.capacity().entries()) {
            ObjectNode instance = instances.putObject(entry.alias());
            // The catalog's spelling: Azure accepts any case, Terraform plans would show a diff for another one.
            instance.put("instance_type", catalog.get().find(entry.instanceType()).map(AzureVmSize::name).orElse(entry.instanceType()));
            instance.put("arch", architectureOf(entries.get(entry.alias())).label());
            instance.put("runners", entry.runnersPerInstance());
            instance.put("instance_count", entry.instances());
            instance.put("spot", entry.spot());
        }
        vars.put("orchestrator_url", orchestratorUrl);
        // not secret: the boot script writes it and fetches with curl --cacert, and the runners pin its SHA-256
        vars.put("orchestrator_cert_pem", context.orchestratorCertPem().orElse(""));
        // the master uploaded exactly this jar to the orchestrator before any runner may fetch it
        vars.put("task_runner_sha256", context.taskRunnerSha256().orElseGet(() -> CloudRunnerInputs.sha256(jar)));
        vars.put("task_runner_dockerfile", CloudRunnerInputs.resourceText(AzureProvider.class, DOCKERFILE));
        vars.put("mock", context.flags().mock());
        vars.put("debug", context.flags().debug());
        vars.put("max_hours", settings.maxHours());
        settings.sshCidr().ifPresent(cidr -> vars.put("ssh_cidr", cidr));
        vars.put("os_disk_gb", settings.osDiskGb());
        return vars;
    }

    /** The entry's {@code "arch"}, else the catalog's, else the size's feature letters ({@code p} = arm64). */
    Architecture architectureOf(InstanceEntry entry) {
        return entry.architecture().orElseGet(() -> catalog.get().architectureOf(entry.instanceType()));
    }

    private static AzureAccount account(AzureSettings settings, Environment environment) {
        return AzureAccount.resolve(settings.region(), settings.subscriptionId(), environment);
    }

    private TerraformStack stack(TerraformSettings settings, Path dir, AzureLayout layout, TeardownContext context) {
        return stack(settings, dir, layout, context, event -> { });
    }

    private TerraformStack stack(TerraformSettings settings, Path dir, AzureLayout layout, TeardownContext context,
                                 TerraformListener also) {
        return TerraformStack.builder(NAME, TerraformModule.fromClasspath(NAME, AzureProvider.class.getClassLoader(), MODULE),
                        settings, dir)
                .logFile(layout.logFile()).environment(context.environment())
                .listener(event -> {
                    also.onEvent(event);
                    TerraformProgress.line(event).ifPresent(context::info);
                }).build();
    }
}
