package dev.benchfleet.provider.aws.credentials;

import dev.benchfleet.core.spi.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AwsAccountTest {

    @TempDir
    Path home;

    private Environment env(String... pairs) {
        Map<String, String> map = new HashMap<>();
        map.put("HOME", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Environment.of(map);
    }

    private void write(String name, String text) throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws").resolve(name), text);
    }

    @Test
    void nothingAtAllIsOneProblemThatSaysHowToProvideCredentialsAndTheDefaultRegion() {
        AwsAccount account = AwsAccount.resolve(Optional.empty(), env());

        assertThat(account.region()).isEqualTo("us-east-1");
        assertThat(account.regionSource()).isEqualTo("default");
        assertThat(account.credentials()).isEmpty();
        assertThat(account.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("env AWS_ACCESS_KEY_ID");
            assertThat(problem.message()).contains("AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "aws configure");
        });
    }

    @Test
    void environmentKeysWinAndAHalfSetPairIsNamed() {
        assertThat(AwsAccount.resolve(Optional.empty(), env("AWS_ACCESS_KEY_ID", "AKIA1", "AWS_SECRET_ACCESS_KEY", "s")).credentials())
                .contains(new AwsCredentialSource.EnvironmentKeys(false));
        AwsAccount half = AwsAccount.resolve(Optional.empty(), env("AWS_ACCESS_KEY_ID", "AKIA1"));
        assertThat(half.problems()).singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("env AWS_SECRET_ACCESS_KEY"));
    }

    @Test
    void regionOrderIsSettingThenAwsRegionThenDefaultRegionThenProfile() throws IOException {
        write("config", "[default]\nregion = ap-south-1\n[profile work]\nregion=eu-north-1\nsso_session = corp\n");
        assertThat(AwsAccount.resolve(Optional.of("eu-west-3"), env("AWS_REGION", "us-west-2")).region()).isEqualTo("eu-west-3");
        assertThat(AwsAccount.resolve(Optional.empty(), env("AWS_REGION", "us-west-2", "AWS_DEFAULT_REGION", "ca-central-1")).region())
                .isEqualTo("us-west-2");
        assertThat(AwsAccount.resolve(Optional.empty(), env("AWS_DEFAULT_REGION", "ca-central-1")).region()).isEqualTo("ca-central-1");
        assertThat(AwsAccount.resolve(Optional.empty(), env()).region()).isEqualTo("ap-south-1");
        AwsAccount work = AwsAccount.resolve(Optional.empty(), env("AWS_PROFILE", "work"));
        assertThat(work.region()).isEqualTo("eu-north-1");
        assertThat(work.credentials()).contains(new AwsCredentialSource.Profile("work", "SSO"));
    }

    @Test
    void profilesOfEveryKindCount() throws IOException {
        write("credentials", "[default]\naws_access_key_id = AKIA2\naws_secret_access_key = x\n[empty]\nregion = x\n");
        write("config", "[profile proc]\ncredential_process = /usr/bin/get-creds\n[profile role]\nrole_arn = arn:aws:iam::1:role/r\n"
                + "source_profile = default\n");
        assertThat(AwsAccount.resolve(Optional.empty(), env()).credentials()).contains(new AwsCredentialSource.Profile("default", "static keys"));
        assertThat(AwsAccount.resolve(Optional.empty(), env("AWS_PROFILE", "proc")).credentials())
                .contains(new AwsCredentialSource.Profile("proc", "credential_process"));
        assertThat(AwsAccount.resolve(Optional.empty(), env("AWS_PROFILE", "role")).credentials())
                .contains(new AwsCredentialSource.Profile("role", "assume role"));
        assertThat(AwsAccount.resolve(Optional.empty(), env("AWS_PROFILE", "empty")).problems()).singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("env AWS_PROFILE", "'empty'", "has no credentials"));
        assertThat(AwsAccount.resolve(Optional.empty(), env("AWS_PROFILE", "nope")).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is in neither"));
    }

    @Test
    void filesNamedByTheEnvironmentAreRead() throws IOException {
        Path elsewhere = home.resolve("creds.ini");
        Files.writeString(elsewhere, "[ci]\naws_access_key_id=AKIA3\naws_secret_access_key=y\n");
        assertThat(AwsAccount.resolve(Optional.empty(), env("AWS_SHARED_CREDENTIALS_FILE", elsewhere.toString(),
                "AWS_PROFILE", "ci")).credentials()).contains(new AwsCredentialSource.Profile("ci", "static keys"));
    }

    @Test
    void withoutHomeNoFileIsRead() {
        assertThat(AwsAccount.resolve(Optional.empty(), Environment.empty()).problems()).hasSize(1);
    }
}
