package dev.benchfleet.provider.aws.api;

/** AWS STS, for the one call pre-flight makes: who are these credentials? */
public interface StsApi extends AutoCloseable {

    /**
     * {@code GetCallerIdentity}: the ARN the credentials belong to.
     *
     * @throws AwsApiException when the credentials are refused or AWS cannot be reached
     */
    String callerArn();

    @Override
    void close();
}
