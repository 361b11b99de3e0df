package dev.benchfleet.provider.aws.api;

import java.util.List;

/**
 * A route table as the network sweep sees it.
 *
 * @param id             {@code rtb-…}
 * @param associationIds its explicit subnet associations ({@code rtbassoc-…}); a table with any cannot be deleted
 * @param main           whether it is its VPC's main table (goes with the VPC, never deleted on its own)
 */
public record RouteTable(String id, List<String> associationIds, boolean main) {

    public RouteTable {
        associationIds = List.copyOf(associationIds);
    }
}
