package dev.benchfleet.provider.aws.orchestrator;

import com.google.auto.service.AutoService;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.host.HostRemoval;
import dev.benchfleet.core.host.OrchestratorEndpoint;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.EventSink;
import dev.benchfleet.core.spi.OnFirstUse;
import dev.benchfleet.core.spi.ProviderEvent;
import dev.benchfleet.core.terraform.TerraformBinary;
import dev.benchfleet.core.terraform.TerraformModule;
import dev.benchfleet.core.terraform.TerraformOutputs;
import dev.benchfleet.core.terraform.TerraformProgress;
import dev.benchfleet.core.terraform.TerraformSettings;
import dev.benchfleet.core.terraform.TerraformStack;
import dev.benchfleet.provider.aws.api.AwsClients;
import dev.benchfleet.provider.aws.api.SdkAwsClients;
import dev.benchfleet.provider.aws.catalog.AwsArchitecture;
import dev.benchfleet.provider.aws.catalog.AwsInstanceCatalog;
import dev.benchfleet.provider.aws.catalog.AwsInstanceType;
import dev.benchfleet.provider.aws.credentials.AwsAccount;
import dev.benchfleet.provider.aws.preflight.AwsPreflight;
import dev.benchfleet.provider.aws.preflight.PlannedType;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * {@code aws}: the run's orchestrator on a long-lived EC2 host of {@code infrastructure/meta}, one per region,
 * kept in {@code .benchfleet/orchestrators/aws-<region>/} and reused by later runs. The first run applies the
 * module; later runs with the same inputs (region, instance type, SSH, module, orchestrator.jar) apply nothing
 * and read the endpoint the first one recorded. A master whose jar differs says so and keeps using the host as
 * it is, unless the run asks for {@code --upgrade-orchestrator}; nothing is replaced silently. The admin key is
 * made once (0600 in the folder), goes to Terraform only as {@code TF_VAR_admin_api_key}, and is never printed.
 */
@AutoService(OrchestratorHost.class)
public final class AwsOrchestratorHost implements OrchestratorHost {

    /** The host's name. */
    public static final String NAME = "aws";
    static final String MODULE = "dev/benchfleet/provider/aws/terraform/meta";
    private static final String SECRET_VARIABLE = "admin_api_key";

    private final AwsClients clients;
    /** Read on first use: a run with no entry of this cloud (a local run) never parses it. */
    private final Supplier<AwsInstanceCatalog> catalog;

    /** The host as {@link java.util.ServiceLoader} makes it: real AWS clients, the bundled catalog. */
    public AwsOrchestratorHost() {
        this(SdkAwsClients.standard(), AwsInstanceCatalog::bundled);
    }

    /** A host with other AWS clients (tests, embedding applications). */
    public AwsOrchestratorHost(AwsClients clients, AwsInstanceCatalog catalog) {
        this(clients, () -> catalog);
    }

    private AwsOrchestratorHost(AwsClients clients, Supplier<AwsInstanceCatalog> catalogSource) {
        this.clients = clients;
        this.catalog = OnFirstUse.of(catalogSource);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isCloud() {
        return true;
    }

    @Override
    public List<Problem> validate(HostContext context) {
        List<Problem> problems = new ArrayList<>(HostSettings.problems(context.settings(NAME)));
        if (!problems.isEmpty()) {
            return problems;
        }
        HostSettings settings = HostSettings.from(context.settings(NAME), context.environment());
        AwsAccount account = AwsAccount.resolve(Optional.of(settings.region()), context.environment());
        if (account.credentials().isEmpty()) {
            problems.add(Problem.credentials("AWS credentials", "a run with cloud task runners puts its orchestrator on an "
                    + "AWS host (in " + settings.region() + "), and no AWS credentials were found. Either "
                    + AwsAccount.HOW_TO_PROVIDE + "; or run with --orchestrator-url URL -k KEY to use an orchestrator "
                    + "you run yourself (task runners are still provisioned); or run with --skip-infra and "
                    + "BENCHMARK_ORCHESTRATOR_URL (no cloud at all)"));
        }
        if (catalog.get().find(settings.instanceType()).isEmpty()) {
            problems.add(new Problem("providers.aws." + HostSettings.INSTANCE_TYPE, "unknown EC2 instance type '"
                    + settings.instanceType() + "'" + near(settings.instanceType())));
        }
        OrchestratorJar jar = OrchestratorJar.locate(context.environment());
        jar.problem().ifPresent(problems::add);
        if (jar.problem().isEmpty() && needsApply(context, settings, jar)) {
            TerraformBinary.lookup(context.environment()).problem().ifPresent(problems::add);
        }
        return problems;
    }

    @Override
    public List<Problem> preflight(HostContext context) {
        HostSettings settings = HostSettings.from(context.settings(NAME), context.environment());
        if (!Region.regions().contains(Region.of(settings.region()))) {
            return List.of(new Problem(settings.regionSource(), "'" + settings.region() + "' is not an AWS region this "
                    + "build knows; choose one such as us-east-1 or eu-west-1 (set providers.aws."
                    + HostSettings.REGION + ")"));
        }
        List<Problem> problems = new ArrayList<>();
        for (Problem problem : new AwsPreflight(clients, context.environment(), settings.region()).check(List.of(
                new PlannedType("providers.aws.orchestrator", settings.instanceType(), OptionalInt.empty(), "the catalog",
                        architecture(settings.instanceType()), "the bundled catalog")))) {
            problems.add(new Problem(problem.path(), "orchestrator host: " + problem.message(), problem.kind()));
        }
        return problems;
    }

    @Override
    public List<String> describe(HostContext context) {
        HostSettings settings = HostSettings.from(context.settings(NAME), context.environment());
        HostFolder folder = HostFolder.of(context.baseDir(), settings.hostName());
        OrchestratorJar jar = OrchestratorJar.locate(context.environment());
        Optional<HostFolder.AppliedHost> applied = folder.exists() ? folder.applied() : Optional.empty();
        if (applied.isEmpty()) {
            return List.of("an AWS host in " + settings.region() + " (" + settings.regionSource() + ") will be created: "
                    + settings.instanceType() + " with an Elastic IP, a private S3 bucket for orchestrator.jar and two SSM "
                    + "parameters; it stays up for later runs until `nuke --orchestrator` (" + folder.dir() + ")");
        }
        if (jar.problem().isPresent()) {
            return List.of("the AWS host in " + settings.region() + " at " + applied.get().url() + " exists and is reused");
        }
        List<String> changes = inputs(settings, jar).changesFrom(applied.get().inputs());
        if (changes.isEmpty()) {
            return List.of("the AWS host in " + settings.region() + " at " + applied.get().url()
                    + " exists and is reused (nothing changed, no apply)");
        }
        return List.of(context.upgrade()
                ? "the AWS host in " + settings.region() + " at " + applied.get().url() + " will be upgraded ("
                + String.join(", ", changes) + "); a new jar replaces the instance and its database"
                : "the AWS host in " + settings.region() + " at " + applied.get().url() + " differs from this master ("
                + String.join(", ", changes) + ") and is reused as it is; run with --upgrade-orchestrator to replace it");
    }

    @Override
    public RunningOrchestrator provision(HostContext context) {
        HostSettings settings = HostSettings.from(context.settings(NAME), context.environment());
        OrchestratorJar jar = OrchestratorJar.locate(context.environment());
        jar.problem().ifPresent(problem -> {
            throw new ConfigException(problem, null);
        });
        HostFolder folder = HostFolder.of(context.baseDir(), settings.hostName());
        HostInputs wanted = inputs(settings, jar);
        Optional<HostFolder.AppliedHost> applied = folder.exists() ? folder.applied() : Optional.empty();
        EventSink events = context.events();
        HostFolder.AppliedHost host;
        String how;
        if (applied.isPresent() && wanted.changesFrom(applied.get().inputs()).isEmpty()) {
            host = applied.get();
            how = "reused";
        } else if (applied.isPresent() && !context.upgrade()) {
            host = applied.get();
            how = "reused as it is";
            events.accept(new ProviderEvent(NAME, ProviderEvent.Level.WARN, "the orchestrator host " + host.url()
                    + " differs from this master (" + String.join(", ", wanted.changesFrom(applied.get().inputs()))
                    + "); it is used as it is. Run with --upgrade-orchestrator to replace it with this master's build "
                    + "(the host's database goes with it)"));
        } else {
            events.accept(new ProviderEvent(NAME, ProviderEvent.Level.INFO, (applied.isPresent() ? "upgrading" : "creating")
                    + " the orchestrator host in " + settings.region() + " (" + folder.dir() + "); this takes a few minutes"));
            host = apply(folder, wanted, jar, settings, context);
            how = applied.isPresent() ? "upgraded" : "created";
        }
        OrchestratorEndpoint endpoint = new OrchestratorEndpoint(host.url(), host.url(), folder.adminKey(),
                Optional.of(CertificateFingerprint.sha256(host.certPem())), Optional.of(host.certPem()),
                "AWS host " + host.instanceId() + " in " + settings.region() + ", " + how + " (" + folder.dir() + ")");
        return RunningOrchestrator.notOwned(endpoint); // long-lived: it stays for later runs until nuke --orchestrator
    }

    @Override
    public List<String> standing(Path baseDir) {
        return HostFolder.names(baseDir);
    }

    @Override
    public HostRemoval remove(Path baseDir, String name, HostRemoval.Context context) {
        HostFolder folder = HostFolder.of(baseDir, name);
        if (!name.startsWith(HostFolder.PREFIX) || !folder.exists()) {
            return new HostRemoval(List.of(), List.of());
        }
        TerraformStack stack = stack(folder, context.environment(), context.events());
        if (stack.hasResources()) {
            stack.destroy(Map.of(SECRET_VARIABLE, folder.adminKey()), context.cancellation());
        }
        String what = "orchestrator host " + name + folder.applied().map(h -> " (" + h.url() + ", " + h.instanceId() + ")")
                .orElse("");
        folder.delete();
        return new HostRemoval(List.of(what + " and its folder " + folder.dir()), List.of());
    }

    private HostFolder.AppliedHost apply(HostFolder folder, HostInputs wanted, OrchestratorJar jar, HostSettings settings,
                                         HostContext context) {
        folder.copyJar(jar.path());
        if (!OrchestratorJar.sha256(folder.jar()).equals(wanted.jarSha256())) {
            throw new ExternalException("orchestrator.jar changed while it was copied to " + folder.jar(),
                    "run again once the build that writes it has finished", null);
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("region", settings.region());
        variables.put("instance_type", settings.instanceType());
        variables.put("architecture", wanted.architecture());
        variables.put("orchestrator_jar", folder.jar().toString());
        settings.sshCidr().ifPresent(cidr -> variables.put("ssh_cidr", cidr));
        TerraformStack stack = stack(folder, context.environment(), context.events());
        TerraformOutputs outputs = stack.apply(variables, Map.of(SECRET_VARIABLE, folder.adminKey()), context.cancellation());
        HostFolder.AppliedHost host = new HostFolder.AppliedHost(wanted, URI.create(outputs.string("url")),
                outputs.string("cert_pem"), outputs.string("instance_id"));
        CertificateFingerprint.sha256(host.certPem()); // a broken certificate fails here, before it is recorded
        folder.recordApplied(host);
        return host;
    }

    private boolean needsApply(HostContext context, HostSettings settings, OrchestratorJar jar) {
        HostFolder folder = HostFolder.of(context.baseDir(), settings.hostName());
        Optional<HostFolder.AppliedHost> applied = folder.exists() ? folder.applied() : Optional.empty();
        return applied.isEmpty() || (context.upgrade() && !inputs(settings, jar).changesFrom(applied.get().inputs()).isEmpty());
    }

    private HostInputs inputs(HostSettings settings, OrchestratorJar jar) {
        return new HostInputs(settings.region(), settings.instanceType(), architecture(settings.instanceType()).ec2Name(),
                settings.sshCidr().orElse(""), jar.sha256(), module().version());
    }

    private AwsArchitecture architecture(String instanceType) {
        return catalog.get().find(instanceType).map(AwsInstanceType::architecture).orElse(AwsArchitecture.X86_64);
    }

    private String near(String instanceType) {
        List<String> near = catalog.get().near(instanceType, 3);
        return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
    }

    private static TerraformModule module() {
        return TerraformModule.fromClasspath("meta", AwsOrchestratorHost.class.getClassLoader(), MODULE);
    }

    private static TerraformStack stack(HostFolder folder, Environment environment, EventSink events) {
        return TerraformStack.builder(NAME, module(), TerraformSettings.fromEnvironment(environment), folder.terraformDir())
                .logFile(folder.dir().resolve("terraform.log")).environment(environment)
                .listener(event -> TerraformProgress.line(event).ifPresent(line ->
                        events.accept(new ProviderEvent(NAME, ProviderEvent.Level.INFO, line))))
                .build();
    }
}
