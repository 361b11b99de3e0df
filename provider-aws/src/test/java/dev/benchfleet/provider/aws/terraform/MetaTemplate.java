package dev.benchfleet.provider.aws.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** {@code infrastructure/meta/user-data.sh.tftpl}, rendered with Terraform's template rules (for the boot test). */
public final class MetaTemplate {

    private MetaTemplate() {
    }

    public static String template() {
        try {
            return Files.readString(HclModule.infrastructure().resolve("meta/user-data.sh.tftpl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(Map<String, ?> vars) {
        return TemplateRenderer.render(template(), vars);
    }
}
