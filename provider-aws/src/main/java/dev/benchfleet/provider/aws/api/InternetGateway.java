package dev.benchfleet.provider.aws.api;

import java.util.List;

/**
 * An internet gateway as the network sweep sees it.
 *
 * @param id     {@code igw-…}
 * @param vpcIds the VPCs it is attached to (it must be detached before it can be deleted)
 */
public record InternetGateway(String id, List<String> vpcIds) {

    public InternetGateway {
        vpcIds = List.copyOf(vpcIds);
    }
}
