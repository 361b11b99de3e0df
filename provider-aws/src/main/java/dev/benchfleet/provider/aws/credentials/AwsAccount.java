package dev.benchfleet.provider.aws.credentials;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which AWS account and region a run would use, worked out from the environment and the shared files only
 * (no network, no SDK chain): the region from the config setting, {@code AWS_REGION},
 * {@code AWS_DEFAULT_REGION}, the profile's {@code region}, else {@code us-east-1}; the credentials from
 * environment keys, a web identity token, the container endpoint, or the profile.
 *
 * @param region       the region
 * @param regionSource where the region came from, for {@code describe}
 * @param profile      the profile consulted ({@code AWS_PROFILE} or {@code default})
 * @param credentials  where credentials come from, when some are present
 * @param problems     what is wrong with the credentials (missing, half-set, a profile that has none)
 */
public record AwsAccount(String region, String regionSource, String profile, Optional<AwsCredentialSource> credentials,
                         List<Problem> problems) {

    /** The region when nothing names one (the original tool's). */
    public static final String DEFAULT_REGION = "us-east-1";

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

    /** How to provide credentials, for every message that says they are missing. */
    public static final String HOW_TO_PROVIDE = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN "
            + "for temporary keys), or AWS_PROFILE naming a profile in ~/.aws/credentials or ~/.aws/config "
            + "(`aws configure`, or `aws configure sso` then `aws sso login`)";

    public AwsAccount {
        problems = List.copyOf(problems);
    }

    /** True when a region name has the shape of an AWS region ({@code us-east-1}, {@code eu-central-2}). */
    public static boolean isRegionName(String value) {
        return REGION.matcher(value).matches();
    }

    /**
     * Resolves the account.
     *
     * @param configuredRegion the provider's {@code region} setting, when given
     */
    public static AwsAccount resolve(Optional<String> configuredRegion, Environment environment) {
        String profile = environment.get("AWS_PROFILE").orElse("default");
        AwsProfileFiles files = AwsProfileFiles.read(environment);
        Map<String, String> profileConfig = files.configOf(profile);

        String region;
        String regionSource;
        if (configuredRegion.isPresent()) {
            region = configuredRegion.get();
            regionSource = "providers.aws.region";
        } else if (environment.get("AWS_REGION").isPresent()) {
            region = environment.get("AWS_REGION").get();
            regionSource = "AWS_REGION";
        } else if (environment.get("AWS_DEFAULT_REGION").isPresent()) {
            region = environment.get("AWS_DEFAULT_REGION").get();
            regionSource = "AWS_DEFAULT_REGION";
        } else if (profileConfig.containsKey("region") && !profileConfig.get("region").isBlank()) {
            region = profileConfig.get("region");
            regionSource = "profile '" + profile + "' in " + files.configFile();
        } else {
            region = DEFAULT_REGION;
            regionSource = "default";
        }

        List<Problem> problems = new ArrayList<>();
        Optional<AwsCredentialSource> source = credentials(environment, profile, files, problems);
        if (source.isEmpty() && problems.isEmpty()) {
            problems.add(Problem.environment("AWS_ACCESS_KEY_ID", "no AWS credentials found (looked at AWS_ACCESS_KEY_ID, "
                    + "AWS_PROFILE, AWS_WEB_IDENTITY_TOKEN_FILE, AWS_CONTAINER_CREDENTIALS_*_URI and profile '" + profile
                    + "' in " + files.credentialsFile() + " and " + files.configFile() + "); " + HOW_TO_PROVIDE));
        }
        return new AwsAccount(region, regionSource, profile, source, problems);
    }

    private static Optional<AwsCredentialSource> credentials(Environment env, String profile, AwsProfileFiles files,
                                                             List<Problem> problems) {
        boolean keyId = env.get("AWS_ACCESS_KEY_ID").isPresent();
        boolean secret = env.get("AWS_SECRET_ACCESS_KEY").isPresent();
        if (keyId && secret) {
            return Optional.of(new AwsCredentialSource.EnvironmentKeys(env.get("AWS_SESSION_TOKEN").isPresent()));
        }
        if (keyId != secret) {
            String missing = keyId ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
            String present = keyId ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
            problems.add(Problem.environment(missing, "is not set but " + present + " is; set both (or neither, "
                    + "and use a profile); " + HOW_TO_PROVIDE));
            return Optional.empty();
        }
        if (env.get("AWS_WEB_IDENTITY_TOKEN_FILE").isPresent() && env.get("AWS_ROLE_ARN").isPresent()) {
            return Optional.of(new AwsCredentialSource.WebIdentity());
        }
        if (env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").isPresent()
                || env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()) {
            return Optional.of(new AwsCredentialSource.ContainerEndpoint());
        }
        Map<String, String> creds = files.credentialsOf(profile);
        Map<String, String> config = files.configOf(profile);
        Optional<String> kind = profileKind(creds).or(() -> profileKind(config));
        if (kind.isPresent()) {
            return Optional.of(new AwsCredentialSource.Profile(profile, kind.get()));
        }
        if (env.get("AWS_PROFILE").isPresent()) {
            boolean exists = files.credentials().containsKey(profile) || files.config().containsKey(profile);
            problems.add(Problem.environment("AWS_PROFILE", "names profile '" + profile + "', which "
                    + (exists ? "has no credentials (no aws_access_key_id + aws_secret_access_key, sso_session/sso_start_url, "
                    + "credential_process, role_arn or web_identity_token_file)" : "is in neither " + files.credentialsFile()
                    + " nor " + files.configFile()) + "; " + HOW_TO_PROVIDE));
        }
        return Optional.empty();
    }

    private static Optional<String> profileKind(Map<String, String> keys) {
        if (has(keys, "aws_access_key_id") && has(keys, "aws_secret_access_key")) {
            return Optional.of("static keys");
        }
        if (has(keys, "sso_session") || has(keys, "sso_start_url")) {
            return Optional.of("SSO");
        }
        if (has(keys, "credential_process")) {
            return Optional.of("credential_process");
        }
        if (has(keys, "role_arn") && (has(keys, "source_profile") || has(keys, "credential_source"))) {
            return Optional.of("assume role");
        }
        if (has(keys, "web_identity_token_file") && has(keys, "role_arn")) {
            return Optional.of("web identity");
        }
        return Optional.empty();
    }

    private static boolean has(Map<String, String> keys, String key) {
        String value = keys.get(key);
        return value != null && !value.isBlank();
    }
}
