package dev.benchfleet.provider.aws.api;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/** {@link StsApi} on the AWS SDK v2. */
final class SdkStsApi implements StsApi {

    private final StsClient client;

    SdkStsApi(StsClient client) {
        this.client = client;
    }

    @Override
    public String callerArn() {
        try {
            return client.getCallerIdentity().arn();
        } catch (SdkException e) {
            throw SdkEc2Api.translate(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
