package dev.benchfleet.provider.aws.catalog;

import java.util.Arrays;
import java.util.stream.Collectors;

/** CPU architecture of an EC2 instance type, named as EC2 and the AL2023 SSM parameters name it. */
public enum AwsArchitecture {
    X86_64("x86_64"),
    ARM64("arm64");

    private final String ec2Name;

    AwsArchitecture(String ec2Name) {
        this.ec2Name = ec2Name;
    }

    /** The name EC2 uses ({@code x86_64}, {@code arm64}); also the Terraform module's {@code arch}. */
    public String ec2Name() {
        return ec2Name;
    }

    /** Parses an EC2 name; an unknown one is an error that lists the known names. */
    public static AwsArchitecture fromEc2Name(String name) {
        for (AwsArchitecture arch : values()) {
            if (arch.ec2Name.equals(name)) {
                return arch;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'; known: "
                + Arrays.stream(values()).map(AwsArchitecture::ec2Name).collect(Collectors.joining(", ")));
    }
}
