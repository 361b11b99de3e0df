package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The {@code presigned_urls} of an assigned claim: where the two archives go. The URLs are credentials
 * in themselves (signed or unguessable), so {@link #toString()} leaves them out; a URL starting with
 * {@code /} is a local path the runner copies the file to.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UploadUrls(String resultUploadUrl, String errorUploadUrl, String resultKey, String errorKey) {

    public UploadUrls {
        Wire.require(resultUploadUrl, "presigned_urls.result_upload_url");
        Wire.require(errorUploadUrl, "presigned_urls.error_upload_url");
        Wire.require(resultKey, "presigned_urls.result_key");
        Wire.require(errorKey, "presigned_urls.error_key");
    }

    @Override
    public String toString() {
        return "UploadUrls[resultKey=" + resultKey + ", errorKey=" + errorKey + "]";
    }
}
