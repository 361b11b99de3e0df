package dev.benchfleet.provider.azure.arm;

import dev.benchfleet.core.spi.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ArmRestClient} against a loopback ARM: request shapes, bearer token, paging, parsing, errors. */
class ArmRestClientWireTest {

    private static final String SUB = "00000000-0000-0000-0000-000000000001";
    private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOi.test-token";
    private ArmStub stub;

    private ArmRestClient client(ArmStub.Answer... ignored) {
        return new ArmRestClient(stub.uri(), SUB, () -> Secret.of(TOKEN));
    }

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void theSubscriptionIsReadWithTheBearerToken() {
        stub = new ArmStub(r -> new ArmStub.Answer(200, "{\"subscriptionId\": \"" + SUB + "\", \"displayName\": \"Bench\", \"state\": \"Enabled\"}"));

        ArmApi.Subscription subscription = client().subscription();

        assertThat(subscription).isEqualTo(new ArmApi.Subscription(SUB, "Bench", "Enabled"));
        ArmStub.Request request = stub.requests.get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.pathAndQuery()).isEqualTo("/subscriptions/" + SUB + "?api-version=2022-12-01");
        assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void groupsByTagFollowNextLinkAndDeleteAndExistsSpeakArm() {
        stub = new ArmStub(r -> {
            if (r.pathAndQuery().contains("page=2")) {
                return new ArmStub.Answer(200, "{\"value\": [{\"name\": \"benchfleet-2\", \"location\": \"eastus\", \"properties\": {\"provisioningState\": \"Deleting\"}}]}");
            }
            if (r.method().equals("GET")) {
                return new ArmStub.Answer(200, "{\"value\": [{\"name\": \"benchfleet-1\", \"location\": \"westeurope\","
                        + " \"properties\": {\"provisioningState\": \"Succeeded\"}}], \"nextLink\": \"" + stub.uri()
                        + "/subscriptions/" + SUB + "/resourcegroups?api-version=2021-04-01&page=2\"}");
            }
            if (r.method().equals("HEAD")) {
                return new ArmStub.Answer(r.pathAndQuery().contains("benchfleet-1") ? 204 : 404, "");
            }
            return new ArmStub.Answer(r.pathAndQuery().contains("benchfleet-1") ? 202 : 404, "");
        });
        ArmRestClient client = client();

        List<ArmApi.ResourceGroup> groups = client.resourceGroupsTagged("benchfleet-run-id", "42");
        client.beginDeleteResourceGroup("benchfleet-1");
        client.beginDeleteResourceGroup("benchfleet-gone"); // 404: already gone, not an error

        assertThat(groups).containsExactly(new ArmApi.ResourceGroup("benchfleet-1", "westeurope", "Succeeded"),
                new ArmApi.ResourceGroup("benchfleet-2", "eastus", "Deleting"));
        assertThat(URLDecoder.decode(stub.requests.get(0).pathAndQuery(), StandardCharsets.UTF_8))
                .isEqualTo("/subscriptions/" + SUB + "/resourcegroups?api-version=2021-04-01"
                        + "&$filter=tagName eq 'benchfleet-run-id' and tagValue eq '42'");
        assertThat(stub.requests.get(2)).isEqualTo(new ArmStub.Request("DELETE",
                "/subscriptions/" + SUB + "/resourcegroups/benchfleet-1?api-version=2021-04-01", "Bearer " + TOKEN));
        assertThat(client.resourceGroupExists("benchfleet-1")).isTrue();
        assertThat(client.resourceGroupExists("benchfleet-2")).isFalse();
        assertThat(stub.requests.get(4).method()).isEqualTo("HEAD");
    }

    @Test
    void aNextLinkToAnotherHostIsNotFollowedWithTheToken() {
        stub = new ArmStub(r -> new ArmStub.Answer(200, "{\"value\": [], \"nextLink\": \"https://attacker.example/steal\"}"));

        assertThatThrownBy(() -> client().resourceGroupsTagged("benchfleet-managed", "true"))
                .isInstanceOf(ArmException.class).hasMessageContaining("another host (attacker.example)");
        assertThat(stub.requests).hasSize(1);
    }

    @Test
    void skusAndUsagesAreParsed() {
        stub = new ArmStub(r -> r.pathAndQuery().contains("/skus") ? new ArmStub.Answer(200, """
                {"value": [
                  {"resourceType": "disks", "name": "Premium_LRS"},
                  {"resourceType": "virtualMachines", "name": "Standard_D2ps_v5", "family": "standardDPSv5Family",
                   "capabilities": [{"name": "vCPUs", "value": "2"}, {"name": "CpuArchitectureType", "value": "Arm64"},
                                    {"name": "HyperVGenerations", "value": "V2"}], "restrictions": []},
                  {"resourceType": "virtualMachines", "name": "Standard_E4-2s_v5", "family": "standardESv5Family",
                   "capabilities": [{"name": "vCPUs", "value": "4"}, {"name": "vCPUsAvailable", "value": "2"},
                                    {"name": "CpuArchitectureType", "value": "x64"}, {"name": "HyperVGenerations", "value": "V1,V2"}],
                   "restrictions": [{"type": "Location", "reasonCode": "NotAvailableForSubscription"}]}]}
                """) : new ArmStub.Answer(200, """
                {"value": [{"name": {"value": "cores", "localizedValue": "Total Regional vCPUs"}, "currentValue": 4, "limit": 10},
                           {"name": {"value": "standardDPSv5Family", "localizedValue": "Standard DPSv5 Family vCPUs"}, "currentValue": 0, "limit": 0}]}
                """));
        ArmRestClient client = client();

        List<ArmApi.VmSku> skus = client.vmSkus("eastus");
        List<ArmApi.Usage> usages = client.usages("eastus");

        assertThat(skus).containsExactly(
                new ArmApi.VmSku("Standard_D2ps_v5", "standardDPSv5Family", 2, 2, "Arm64", "V2", false),
                new ArmApi.VmSku("Standard_E4-2s_v5", "standardESv5Family", 2, 4, "x64", "V1,V2", true));
        assertThat(URLDecoder.decode(stub.requests.get(0).pathAndQuery(), StandardCharsets.UTF_8))
                .isEqualTo("/subscriptions/" + SUB + "/providers/Microsoft.Compute/skus?api-version=2021-07-01&$filter=location eq 'eastus'");
        assertThat(usages).containsExactly(new ArmApi.Usage("cores", "Total Regional vCPUs", 4, 10),
                new ArmApi.Usage("standardDPSv5Family", "Standard DPSv5 Family vCPUs", 0, 0));
        assertThat(stub.requests.get(1).pathAndQuery())
                .isEqualTo("/subscriptions/" + SUB + "/providers/Microsoft.Compute/locations/eastus/usages?api-version=2024-07-01");
    }

    @Test
    void armErrorsKeepTheirCodeAndMessageButNeverTheToken() {
        stub = new ArmStub(r -> new ArmStub.Answer(403, "{\"error\": {\"code\": \"AuthorizationFailed\", \"message\":"
                + " \"The client 'abc' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/read'\"}}"));

        assertThatThrownBy(() -> client().resourceGroupsTagged("benchfleet-managed", "true"))
                .isInstanceOfSatisfying(ArmException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("AuthorizationFailed");
                    assertThat(e.isAuthorization()).isTrue();
                    assertThat(e.getMessage()).contains("resourcegroups/read").doesNotContain(TOKEN);
                });
    }

    @Test
    void theSerialLogComesFromTheBootDiagnosticsBlobWithoutTheToken() {
        stub = new ArmStub(r -> r.pathAndQuery().startsWith("/blob")
                ? new ArmStub.Answer(200, "[    0.000000] Linux version 6.8.0\ncloud-init: benchfleet-boot: FAILED\n")
                : new ArmStub.Answer(200, "{\"consoleScreenshotBlobUri\": \"x\", \"serialConsoleLogBlobUri\": \"" + stub.uri()
                        + "/blob/serial.log?sv=2024&sig=abc\"}"));

        String log = client().serialLog("benchfleet-42", "d2ps-1");

        assertThat(log).contains("benchfleet-boot: FAILED");
        assertThat(stub.requests.get(0).method()).isEqualTo("POST");
        assertThat(stub.requests.get(0).pathAndQuery()).isEqualTo("/subscriptions/" + SUB + "/resourcegroups/benchfleet-42"
                + "/providers/Microsoft.Compute/virtualMachines/d2ps-1/retrieveBootDiagnosticsData?api-version=2024-07-01");
        assertThat(stub.requests.get(1).authorization()).as("a SAS URL needs no bearer token").isNull();
    }

    @Test
    void anUnreachableArmIsAClearError() {
        stub = new ArmStub(r -> new ArmStub.Answer(200, "{}"));
        java.net.URI gone = stub.uri();
        stub.close();
        stub = null;

        assertThatThrownBy(() -> new ArmRestClient(gone, SUB, () -> Secret.of(TOKEN)).subscription())
                .isInstanceOf(ArmException.class).hasMessageContaining("cannot be reached");
    }
}
