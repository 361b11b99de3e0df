package dev.benchfleet.provider.aws.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.core.spi.HourlyPrice;
import dev.benchfleet.core.spi.InstanceCatalog;
import dev.benchfleet.core.spi.InstanceTypeInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The EC2 instance types Benchfleet knows without asking AWS: {@code aws-instance-types.json}, bundled in
 * this jar (where its facts come from is written at the top of that file). Core's {@link InstanceCatalog}
 * sees every fact of it through {@link #coreCatalog()}.
 */
public final class AwsInstanceCatalog {

    /** Resource path of the bundled file. */
    public static final String RESOURCE = "/dev/benchfleet/provider/aws/aws-instance-types.json";

    private final LocalDate asOf;
    private final String priceRegion;
    private final Map<String, AwsInstanceType> types;
    private final AwsPriceList userPrices; // null: none
    private final String userPricesProblem; // null: none

    private AwsInstanceCatalog(LocalDate asOf, String priceRegion, Map<String, AwsInstanceType> types) {
        this(asOf, priceRegion, types, null, null);
    }

    private AwsInstanceCatalog(LocalDate asOf, String priceRegion, Map<String, AwsInstanceType> types,
                               AwsPriceList userPrices, String userPricesProblem) {
        this.asOf = asOf;
        this.priceRegion = priceRegion;
        this.types = Collections.unmodifiableMap(types);
        this.userPrices = userPrices;
        this.userPricesProblem = userPricesProblem;
    }

    /** This catalog with prices from {@code catalog refresh aws}, which win over the bundled ones. */
    public AwsInstanceCatalog withPrices(AwsPriceList prices) {
        return new AwsInstanceCatalog(asOf, priceRegion, types, prices, null);
    }

    /**
     * This catalog with the user's price file when there is one ({@code catalog refresh aws} writes it). A damaged
     * file is not used, and {@link #userPricesProblem()} says why (validation reports it).
     */
    public AwsInstanceCatalog withPricesFrom(java.nio.file.Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return this;
        }
        try {
            return withPrices(AwsPriceList.read(file));
        } catch (IOException | RuntimeException e) {
            return new AwsInstanceCatalog(asOf, priceRegion, types, null, e.getMessage());
        }
    }

    /** Why the user's price file could not be used, if it could not. */
    public Optional<String> userPricesProblem() {
        return Optional.ofNullable(userPricesProblem);
    }

    /** The refreshed prices in use, if any. */
    public Optional<AwsPriceList> userPrices() {
        return Optional.ofNullable(userPrices);
    }

    /** The catalog bundled in this jar. */
    public static AwsInstanceCatalog bundled() {
        try (InputStream in = AwsInstanceCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the provider-aws jar");
            }
            return read(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Reads a catalog file; {@code source} names it in errors. Duplicate types, unknown fields and rows
     * that contradict themselves are errors that name the row.
     */
    static AwsInstanceCatalog read(InputStream in, String source) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        File file = mapper.readValue(in, File.class);
        if (file.types() == null || file.types().isEmpty()) {
            throw new IllegalArgumentException(source + ": no \"types\"");
        }
        Map<String, AwsInstanceType> types = new LinkedHashMap<>();
        for (int i = 0; i < file.types().size(); i++) {
            Row row = file.types().get(i);
            AwsInstanceType type;
            try {
                type = row.toType();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ": $.types[" + i + "]: " + e.getMessage(), e);
            }
            if (types.putIfAbsent(type.name(), type) != null) {
                throw new IllegalArgumentException(source + ": $.types[" + i + "]: " + type.name() + " is listed twice");
            }
        }
        if (file.asOf() == null || file.priceRegion() == null) {
            throw new IllegalArgumentException(source + ": \"as_of\" and \"price_region\" are required");
        }
        return new AwsInstanceCatalog(LocalDate.parse(file.asOf()), file.priceRegion(), types);
    }

    /** The type, if the catalog has it. */
    public Optional<AwsInstanceType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /**
     * Core's view of the catalog: vCPUs for capacity planning (an entry's own {@code "vcpus"} still wins
     * there), and architecture, threads per core, memory and, where the file has a dated one, the price for
     * {@code plan} and the report.
     */
    public InstanceCatalog coreCatalog() {
        List<InstanceTypeInfo> infos = types.values().stream().map(this::info).toList();
        return InstanceCatalog.ofTypes(infos);
    }

    private InstanceTypeInfo info(AwsInstanceType type) {
        HourlyPrice price = type.onDemandUsdPerHour() == null ? null
                : new HourlyPrice(type.onDemandUsdPerHour(), priceRegion, "aws-instance-types.json", asOf);
        if (userPrices != null && userPrices.usdPerHour().containsKey(type.name())) {
            price = new HourlyPrice(userPrices.usdPerHour().get(type.name()), userPrices.region(),
                    "AWS price list " + userPrices.source() + " (published " + userPrices.publicationDate() + ")",
                    userPrices.retrievedOn());
        }
        Architecture architecture = type.architecture() == AwsArchitecture.ARM64 ? Architecture.ARM64 : Architecture.X86_64;
        return new InstanceTypeInfo(type.name(), type.vcpus(), architecture, type.threadsPerCore(),
                BigDecimal.valueOf(type.memoryGib()), price);
    }

    /** Every type, by name. */
    public Map<String, AwsInstanceType> types() {
        return types;
    }

    /** When the file's facts were compiled. */
    public LocalDate asOf() {
        return asOf;
    }

    /** Region the prices (where present) are for. */
    public String priceRegion() {
        return priceRegion;
    }

    /**
     * Known names close to an unknown one, for "did you mean" errors: the sizes of the same family, else
     * the same size in the families whose names share the longest start with it; at most {@code limit}.
     */
    public List<String> near(String name, int limit) {
        int dot = name.indexOf('.');
        String family = dot < 0 ? name : name.substring(0, dot);
        String size = dot < 0 ? "" : name.substring(dot + 1);
        List<String> sameFamily = types.values().stream().filter(t -> t.family().equals(family))
                .sorted(Comparator.comparingInt(AwsInstanceType::vcpus)).map(AwsInstanceType::name).limit(limit).toList();
        if (!sameFamily.isEmpty()) {
            return sameFamily;
        }
        return types.values().stream()
                .sorted(Comparator.<AwsInstanceType>comparingInt(t -> t.size().equals(size) ? 0 : 1)
                        .thenComparing(Comparator.<AwsInstanceType>comparingInt(t -> sharedStart(t.family(), family)).reversed())
                        .thenComparing(AwsInstanceType::name))
                .map(AwsInstanceType::name).limit(limit).toList();
    }

    private static int sharedStart(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    /** The file: {@code _about} is documentation for people. */
    @JsonIgnoreProperties("_about")
    private record File(@JsonProperty("as_of") String asOf, @JsonProperty("price_region") String priceRegion,
                        @JsonProperty("types") List<Row> types) {
    }

    /** One row as written; every field must be present ({@code on_demand_usd_per_hour} may be null). */
    private record Row(@JsonProperty("type") String type, @JsonProperty("vcpus") Integer vcpus,
                       @JsonProperty("arch") String arch, @JsonProperty("threads_per_core") Integer threadsPerCore,
                       @JsonProperty("memory_gib") Double memoryGib,
                       @JsonProperty("on_demand_usd_per_hour") BigDecimal price) {

        AwsInstanceType toType() {
            if (type == null || vcpus == null || arch == null || threadsPerCore == null || memoryGib == null) {
                throw new IllegalArgumentException("type, vcpus, arch, threads_per_core and memory_gib are required");
            }
            return new AwsInstanceType(type, vcpus, AwsArchitecture.fromEc2Name(arch), threadsPerCore, memoryGib, price);
        }
    }
}
