package dev.benchfleet.provider.azure.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@link ArmApi} over ARM's REST interface: plain JSON over {@link HttpClient}, a bearer token from
 * {@link ArmTokens}, list answers followed through {@code nextLink}. {@code baseUri} is
 * {@code https://management.azure.com} for real and a loopback stub in tests.
 */
public final class ArmRestClient implements ArmApi {

    /** ARM's public endpoint. */
    public static final URI PUBLIC_CLOUD = URI.create("https://management.azure.com");

    static final String RESOURCES_API = "2021-04-01";
    static final String SUBSCRIPTIONS_API = "2022-12-01";
    static final String SKUS_API = "2021-07-01";
    static final String COMPUTE_API = "2024-07-01";
    /** The longest list Benchfleet follows (pages of a SKU list are a few hundred entries each). */
    private static final int MAX_PAGES = 50;
    private static final int MAX_BODY_CHARS = 64 * 1024 * 1024;

    private final URI baseUri;
    private final String subscriptionId;
    private final ArmTokens tokens;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    public ArmRestClient(URI baseUri, String subscriptionId, ArmTokens tokens) {
        this.baseUri = URI.create(baseUri.toString().replaceAll("/+$", ""));
        this.subscriptionId = subscriptionId;
        this.tokens = tokens;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Subscription subscription() {
        JsonNode body = get(subscriptionPath("") + "?api-version=" + SUBSCRIPTIONS_API);
        return new Subscription(body.path("subscriptionId").asText(subscriptionId), body.path("displayName").asText(""),
                body.path("state").asText(""));
    }

    @Override
    public List<ResourceGroup> resourceGroupsTagged(String tag, String value) {
        String filter = "tagName eq '" + tag + "' and tagValue eq '" + value + "'";
        List<ResourceGroup> groups = new ArrayList<>();
        list(subscriptionPath("/resourcegroups") + "?api-version=" + RESOURCES_API + "&$filter=" + encode(filter),
                item -> groups.add(new ResourceGroup(item.path("name").asText(), item.path("location").asText(),
                        item.path("properties").path("provisioningState").asText(""))));
        return groups;
    }

    @Override
    public boolean resourceGroupExists(String name) {
        HttpResponse<String> response = send(request(groupPath(name) + "?api-version=" + RESOURCES_API)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() == 204) {
            return true;
        }
        if (response.statusCode() == 404) {
            return false;
        }
        throw failure("HEAD resource group " + name, response);
    }

    @Override
    public void beginDeleteResourceGroup(String name) {
        HttpResponse<String> response = send(request(groupPath(name) + "?api-version=" + RESOURCES_API).DELETE());
        int status = response.statusCode();
        if (status != 200 && status != 202 && status != 204 && status != 404) {
            throw failure("DELETE resource group " + name, response);
        }
    }

    @Override
    public List<VmSku> vmSkus(String region) {
        String filter = "location eq '" + region + "'";
        List<VmSku> skus = new ArrayList<>();
        list(subscriptionPath("/providers/Microsoft.Compute/skus") + "?api-version=" + SKUS_API + "&$filter=" + encode(filter),
                item -> {
                    if (!"virtualMachines".equals(item.path("resourceType").asText())) {
                        return;
                    }
                    String all = capability(item, "vCPUs");
                    String vcpus = capability(item, "vCPUsAvailable");
                    if (vcpus.isEmpty()) {
                        vcpus = all;
                    }
                    boolean restricted = false;
                    for (JsonNode restriction : item.path("restrictions")) {
                        restricted |= "Location".equals(restriction.path("type").asText())
                                || "NotAvailableForSubscription".equals(restriction.path("reasonCode").asText());
                    }
                    skus.add(new VmSku(item.path("name").asText(), item.path("family").asText(""),
                            number(vcpus), number(all), capability(item, "CpuArchitectureType"),
                            capability(item, "HyperVGenerations"), restricted));
                });
        return skus;
    }

    @Override
    public List<Usage> usages(String region) {
        List<Usage> usages = new ArrayList<>();
        list(subscriptionPath("/providers/Microsoft.Compute/locations/" + encode(region.toLowerCase(Locale.ROOT))
                + "/usages") + "?api-version=" + COMPUTE_API, item -> usages.add(new Usage(item.path("name").path("value").asText(),
                item.path("name").path("localizedValue").asText(""), item.path("currentValue").asLong(),
                item.path("limit").asLong())));
        return usages;
    }

    @Override
    public String serialLog(String resourceGroup, String vmName) {
        String path = groupPath(resourceGroup) + "/providers/Microsoft.Compute/virtualMachines/" + encode(vmName)
                + "/retrieveBootDiagnosticsData?api-version=" + COMPUTE_API;
        HttpResponse<String> response = send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw failure("boot diagnostics of " + vmName, response);
        }
        String blob = parse(response).path("serialConsoleLogBlobUri").asText("");
        if (blob.isEmpty()) {
            return "";
        }
        // A short-lived SAS URL of the log blob: no bearer token goes there.
        HttpResponse<String> log = send(HttpRequest.newBuilder(URI.create(blob)).timeout(Duration.ofSeconds(60)).GET());
        if (log.statusCode() != 200) {
            throw new ArmException(log.statusCode(), "", "the serial log of " + vmName + " could not be read (HTTP "
                    + log.statusCode() + ")");
        }
        return log.body();
    }

    private void list(String pathAndQuery, Consumer<JsonNode> each) {
        URI next = URI.create(baseUri + pathAndQuery);
        for (int page = 0; next != null; page++) {
            if (page == MAX_PAGES) {
                throw new ArmException(0, "", "ARM returned more than " + MAX_PAGES + " pages for " + pathAndQuery);
            }
            JsonNode body = get(next);
            body.path("value").forEach(each);
            String link = body.path("nextLink").asText("");
            // Only follow links back to the same endpoint: the token must not go anywhere else.
            next = link.isEmpty() ? null : sameEndpoint(URI.create(link));
        }
    }

    private URI sameEndpoint(URI link) {
        if (!baseUri.getScheme().equals(link.getScheme()) || !baseUri.getAuthority().equals(link.getAuthority())) {
            throw new ArmException(0, "", "ARM's nextLink points to another host (" + link.getHost() + "); not followed");
        }
        return link;
    }

    private JsonNode get(String pathAndQuery) {
        return get(URI.create(baseUri + pathAndQuery));
    }

    private JsonNode get(URI uri) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokens.token().reveal()).header("Accept", "application/json").GET());
        if (response.statusCode() != 200) {
            throw failure("GET " + uri.getPath(), response);
        }
        return parse(response);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUri + pathAndQuery)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokens.token().reveal()).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ArmException(0, "", "Azure Resource Manager (" + baseUri.getHost() + ") cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArmException(0, "", "interrupted while calling Azure Resource Manager", e);
        }
    }

    private JsonNode parse(HttpResponse<String> response) {
        if (response.body().length() > MAX_BODY_CHARS) {
            throw new ArmException(response.statusCode(), "", "ARM's answer is larger than expected");
        }
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw new ArmException(response.statusCode(), "", "ARM's answer is not JSON: " + e.getMessage(), e);
        }
    }

    /** ARM errors are {@code {"error": {"code", "message"}}}; the message says what is wrong (never a token). */
    private ArmException failure(String what, HttpResponse<String> response) {
        String code = "";
        String message = "";
        try {
            JsonNode error = mapper.readTree(response.body().isEmpty() ? "{}" : response.body()).path("error");
            code = error.path("code").asText("");
            message = error.path("message").asText("");
        } catch (IOException e) {
            // not JSON: the status says enough
        }
        return new ArmException(response.statusCode(), code, what + ": HTTP " + response.statusCode()
                + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message));
    }

    private static int number(String text) {
        try {
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0; // unknown: the checks that need it are skipped
        }
    }

    private static String capability(JsonNode sku, String name) {
        for (JsonNode capability : sku.path("capabilities")) {
            if (name.equals(capability.path("name").asText())) {
                return capability.path("value").asText("");
            }
        }
        return "";
    }

    private String subscriptionPath(String rest) {
        return "/subscriptions/" + encode(subscriptionId) + rest;
    }

    private String groupPath(String group) {
        return subscriptionPath("/resourcegroups/" + encode(group));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
