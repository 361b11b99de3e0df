package dev.benchfleet.provider.aws.api;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.provider.aws.credentials.AwsAccount;
import dev.benchfleet.provider.aws.credentials.AwsCredentialSource;
import dev.benchfleet.provider.aws.credentials.AwsProfileFiles;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The real clients: AWS SDK v2, JDK HTTP client, credentials taken from the environment the master was
 * handed (never {@link System#getenv()} directly), the same sources validation found. An endpoint override
 * points every client at another URL (the loopback stub of the wire tests).
 */
public final class SdkAwsClients implements AwsClients {

    /** Every call gives up after this, retries included: no wait without a timeout. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final URI endpoint;

    private SdkAwsClients(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** AWS's own endpoints. */
    public static SdkAwsClients standard() {
        return new SdkAwsClients(null);
    }

    /** Every call goes to {@code endpoint} instead of AWS (tests). */
    public static SdkAwsClients withEndpoint(URI endpoint) {
        return new SdkAwsClients(endpoint);
    }

    @Override
    public Ec2Api ec2(String region, Environment environment) {
        var builder = Ec2Client.builder().region(Region.of(region)).credentialsProvider(credentials(environment))
                .httpClientBuilder(httpClient()).overrideConfiguration(overrides());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return new SdkEc2Api(builder.build());
    }

    @Override
    public StsApi sts(String region, Environment environment) {
        var builder = StsClient.builder().region(Region.of(region)).credentialsProvider(credentials(environment))
                .httpClientBuilder(httpClient()).overrideConfiguration(overrides());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return new SdkStsApi(builder.build());
    }

    private static UrlConnectionHttpClient.Builder httpClient() {
        return UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(30));
    }

    private static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder().apiCallTimeout(CALL_TIMEOUT).build();
    }

    /** The provider for the source {@link AwsAccount} finds in this environment. */
    static AwsCredentialsProvider credentials(Environment environment) {
        AwsAccount account = AwsAccount.resolve(Optional.empty(), environment);
        AwsCredentialSource source = account.credentials().orElseThrow(() -> new AwsApiException("NoCredentials",
                "no AWS credentials; " + AwsAccount.HOW_TO_PROVIDE, null));
        if (source instanceof AwsCredentialSource.EnvironmentKeys keys) {
            String id = environment.get("AWS_ACCESS_KEY_ID").orElseThrow();
            String secret = environment.get("AWS_SECRET_ACCESS_KEY").orElseThrow();
            return StaticCredentialsProvider.create(keys.sessionToken()
                    ? AwsSessionCredentials.create(id, secret, environment.get("AWS_SESSION_TOKEN").orElseThrow())
                    : AwsBasicCredentials.create(id, secret));
        }
        if (source instanceof AwsCredentialSource.WebIdentity) {
            return WebIdentityTokenFileCredentialsProvider.builder()
                    .roleArn(environment.get("AWS_ROLE_ARN").orElseThrow())
                    .webIdentityTokenFile(Path.of(environment.get("AWS_WEB_IDENTITY_TOKEN_FILE").orElseThrow()))
                    .roleSessionName(environment.get("AWS_ROLE_SESSION_NAME").orElse("benchfleet")).build();
        }
        if (source instanceof AwsCredentialSource.ContainerEndpoint) {
            return ContainerCredentialsProvider.builder().build();
        }
        AwsProfileFiles files = AwsProfileFiles.read(environment);
        ProfileFile.Aggregator aggregator = ProfileFile.aggregator();
        if (files.configFile() != null && Files.isRegularFile(files.configFile())) {
            aggregator.addFile(ProfileFile.builder().content(files.configFile()).type(ProfileFile.Type.CONFIGURATION).build());
        }
        if (files.credentialsFile() != null && Files.isRegularFile(files.credentialsFile())) {
            aggregator.addFile(ProfileFile.builder().content(files.credentialsFile()).type(ProfileFile.Type.CREDENTIALS).build());
        }
        ProfileFile profiles = aggregator.build();
        return ProfileCredentialsProvider.builder().profileFile(profiles).profileName(account.profile()).build();
    }
}
