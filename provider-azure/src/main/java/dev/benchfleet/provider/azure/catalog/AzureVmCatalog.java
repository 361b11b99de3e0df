package dev.benchfleet.provider.azure.catalog;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The Azure VM sizes Benchfleet knows without asking Azure: {@code azure-vm-sizes.json}, bundled in this jar
 * (where its facts come from is written at the top of that file). Azure size names are case-insensitive, so
 * is every lookup here. Core sees every fact through {@link #coreCatalog()}.
 */
public final class AzureVmCatalog {

    /** Resource path of the bundled file. */
    public static final String RESOURCE = "/dev/benchfleet/provider/azure/azure-vm-sizes.json";

    private final LocalDate asOf;
    private final String priceRegion;
    private final String source;
    /** By lower-case name. */
    private final Map<String, AzureVmSize> sizes;
    /** By lower-case name; empty: no refreshed prices. */
    private final Map<String, BigDecimal> userPrices;
    private final AzurePriceList userPriceList; // null: none
    private final String userPricesProblem; // null: none

    private AzureVmCatalog(LocalDate asOf, String priceRegion, String source, Map<String, AzureVmSize> sizes) {
        this(asOf, priceRegion, source, sizes, null, null);
    }

    private AzureVmCatalog(LocalDate asOf, String priceRegion, String source, Map<String, AzureVmSize> sizes,
                           AzurePriceList userPriceList, String userPricesProblem) {
        this.asOf = asOf;
        this.priceRegion = priceRegion;
        this.source = source;
        this.sizes = Collections.unmodifiableMap(sizes);
        this.userPriceList = userPriceList;
        this.userPricesProblem = userPricesProblem;
        Map<String, BigDecimal> byKey = new LinkedHashMap<>();
        if (userPriceList != null) {
            userPriceList.perHour().forEach((size, price) -> byKey.put(key(size), price));
        }
        this.userPrices = Collections.unmodifiableMap(byKey);
    }

    /** This catalog with prices from {@code catalog refresh azure}, which win over the bundled ones. */
    public AzureVmCatalog withPrices(AzurePriceList prices) {
        return new AzureVmCatalog(asOf, priceRegion, source, sizes, prices, null);
    }

    /**
     * This catalog with the user's price file when there is one ({@code catalog refresh azure} writes it). A damaged
     * file is not used, and {@link #userPricesProblem()} says why (validation reports it).
     */
    public AzureVmCatalog withPricesFrom(java.nio.file.Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return this;
        }
        try {
            return withPrices(AzurePriceList.read(file));
        } catch (IOException | RuntimeException e) {
            return new AzureVmCatalog(asOf, priceRegion, source, sizes, null, e.getMessage());
        }
    }

    /** Why the user's price file could not be used, if it could not. */
    public Optional<String> userPricesProblem() {
        return Optional.ofNullable(userPricesProblem);
    }

    /** The refreshed prices in use, if any. */
    public Optional<AzurePriceList> userPrices() {
        return Optional.ofNullable(userPriceList);
    }

    /** The catalog bundled in this jar. */
    public static AzureVmCatalog bundled() {
        try (InputStream in = AzureVmCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the provider-azure jar");
            }
            return read(in, "azure-vm-sizes.json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Reads a catalog file; {@code source} names it in errors and in the prices it gives. Duplicate sizes,
     * unknown fields and rows that contradict themselves are errors that name the row.
     */
    public static AzureVmCatalog read(InputStream in, String source) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        File file = mapper.readValue(in, File.class);
        if (file.sizes() == null || file.sizes().isEmpty()) {
            throw new IllegalArgumentException(source + ": no \"sizes\"");
        }
        if (file.asOf() == null || file.priceRegion() == null) {
            throw new IllegalArgumentException(source + ": \"as_of\" and \"price_region\" are required");
        }
        Map<String, AzureVmSize> sizes = new LinkedHashMap<>();
        for (int i = 0; i < file.sizes().size(); i++) {
            AzureVmSize size;
            try {
                size = file.sizes().get(i).toSize();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ": $.sizes[" + i + "]: " + e.getMessage(), e);
            }
            if (sizes.putIfAbsent(key(size.name()), size) != null) {
                throw new IllegalArgumentException(source + ": $.sizes[" + i + "]: " + size.name() + " is listed twice");
            }
        }
        return new AzureVmCatalog(LocalDate.parse(file.asOf()), file.priceRegion(), source, sizes);
    }

    /** The size, whatever the case of the name. */
    public Optional<AzureVmSize> find(String name) {
        return Optional.ofNullable(sizes.get(key(name)));
    }

    /** Every size, in file order. */
    public List<AzureVmSize> sizes() {
        return List.copyOf(sizes.values());
    }

    /** When the file's facts were compiled. */
    public LocalDate asOf() {
        return asOf;
    }

    /** The architecture of a size: the catalog's, else what its feature letters say. */
    public Architecture architectureOf(String name) {
        return find(name).map(AzureVmSize::architecture).orElseGet(() -> AzureSizeName.parse(name)
                .map(AzureSizeName::inferredArchitecture).orElse(Architecture.X86_64));
    }

    /**
     * Core's view: vCPUs for capacity planning (an entry's own {@code "vcpus"} still wins there), and
     * architecture, threads per core, memory and, where known, the price for {@code plan} and the report.
     */
    public InstanceCatalog coreCatalog() {
        return new InstanceCatalog() {
            @Override
            public OptionalInt vcpus(String instanceType) {
                return find(instanceType).map(s -> OptionalInt.of(s.vcpus())).orElse(OptionalInt.empty());
            }

            @Override
            public Optional<InstanceTypeInfo> info(String instanceType) {
                return find(instanceType).map(size -> infoOf(instanceType, size));
            }

            @Override
            public SortedSet<String> knownTypes() {
                TreeSet<String> names = new TreeSet<>();
                sizes.values().forEach(s -> names.add(s.name()));
                return names;
            }
        };
    }

    private InstanceTypeInfo infoOf(String asWritten, AzureVmSize size) {
        HourlyPrice price = size.onDemandPrice().map(usd -> new HourlyPrice(usd, priceRegion, source, asOf)).orElse(null);
        BigDecimal refreshed = userPrices.get(key(size.name()));
        if (refreshed != null) {
            price = new HourlyPrice(refreshed, userPriceList.region(), "Azure Retail Prices API " + userPriceList.source(),
                    userPriceList.retrievedOn());
        }
        return new InstanceTypeInfo(asWritten, size.vcpus(), size.architecture(), size.threadsPerCore(),
                BigDecimal.valueOf(size.memoryGib()), price);
    }

    /**
     * Known names close to an unknown one, for "did you mean" errors: those sharing the longest start with it
     * (so the same family and letters come first), fewest vCPUs first; at most {@code limit}.
     */
    public List<String> near(String name, int limit) {
        String wanted = key(name);
        return sizes.values().stream()
                .sorted(Comparator.<AzureVmSize>comparingInt(s -> sharedStart(key(s.name()), wanted)).reversed()
                        .thenComparingInt(s -> sameSuffix(key(s.name()), wanted) ? 0 : 1)
                        .thenComparingInt(AzureVmSize::vcpus).thenComparing(AzureVmSize::name))
                .map(AzureVmSize::name).limit(limit).toList();
    }

    private static boolean sameSuffix(String a, String b) {
        int ua = a.lastIndexOf('_');
        int ub = b.lastIndexOf('_');
        return ua > 0 && ub > 0 && a.substring(ua).equals(b.substring(ub));
    }

    private static int sharedStart(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The file: {@code _about} is documentation for people. */
    @JsonIgnoreProperties("_about")
    private record File(@JsonProperty("as_of") String asOf, @JsonProperty("price_region") String priceRegion,
                        @JsonProperty("sizes") List<Row> sizes) {
    }

    /** One row as written; every field must be present ({@code on_demand_usd_per_hour} may be null). */
    private record Row(@JsonProperty("size") String size, @JsonProperty("vcpus") Integer vcpus,
                       @JsonProperty("arch") String arch, @JsonProperty("threads_per_core") Integer threadsPerCore,
                       @JsonProperty("memory_gib") Double memoryGib,
                       @JsonProperty("on_demand_usd_per_hour") BigDecimal price) {

        AzureVmSize toSize() {
            if (size == null || vcpus == null || arch == null || threadsPerCore == null || memoryGib == null) {
                throw new IllegalArgumentException("size, vcpus, arch, threads_per_core and memory_gib are required");
            }
            Architecture architecture = Architecture.parse(arch)
                    .orElseThrow(() -> new IllegalArgumentException("arch must be x86_64 or arm64, got '" + arch + "'"));
            return new AzureVmSize(size, vcpus, architecture, threadsPerCore, memoryGib, price);
        }
    }
}
