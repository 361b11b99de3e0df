package dev.benchfleet.provider.aws.credentials;

/**
 * Where the AWS credentials of a run come from, as far as can be told without calling AWS. The SDK reads
 * the same places when the run calls EC2 and STS, and Terraform's AWS provider does too.
 */
public sealed interface AwsCredentialSource {

    /** One line for {@code describe}, never a secret. */
    String describe();

    /** {@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (and maybe {@code AWS_SESSION_TOKEN}). */
    record EnvironmentKeys(boolean sessionToken) implements AwsCredentialSource {
        @Override
        public String describe() {
            return "credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY" + (sessionToken ? " / AWS_SESSION_TOKEN" : "");
        }
    }

    /**
     * A named profile of the shared files.
     *
     * @param profile the profile name ({@code AWS_PROFILE}, or {@code default})
     * @param kind    how that profile gets credentials: {@code static keys}, {@code SSO}, {@code credential_process},
     *                {@code assume role}, {@code web identity}
     */
    record Profile(String profile, String kind) implements AwsCredentialSource {
        @Override
        public String describe() {
            return "credentials: profile '" + profile + "' (" + kind + ")";
        }
    }

    /** A web identity token file ({@code AWS_WEB_IDENTITY_TOKEN_FILE} + {@code AWS_ROLE_ARN}), as on EKS or in CI. */
    record WebIdentity() implements AwsCredentialSource {
        @Override
        public String describe() {
            return "credentials: AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN";
        }
    }

    /** The container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_*_URI}), as on ECS or CodeBuild. */
    record ContainerEndpoint() implements AwsCredentialSource {
        @Override
        public String describe() {
            return "credentials: the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*_URI)";
        }
    }
}
