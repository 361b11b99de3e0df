package dev.benchfleet.provider.azure.sweep;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.provider.azure.arm.ArmApi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The resource-group sweep against an in-memory ARM: order, waiting until gone, the deadline, idempotence. */
class ResourceGroupSweepTest {

    /** Groups with tags; a deleted group stays for {@code polls} more existence checks. */
    private static final class Groups implements ArmApi {
        final Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        final Map<String, Integer> deleting = new LinkedHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        int polls = 3;

        @Override
        public Subscription subscription() {
            return new Subscription("s", "s", "Enabled");
        }

        @Override
        public List<ResourceGroup> resourceGroupsTagged(String tag, String value) {
            calls.add("list " + tag + "=" + value);
            return groups.entrySet().stream().filter(g -> value.equals(g.getValue().get(tag)))
                    .map(g -> new ResourceGroup(g.getKey(), "eastus", "Succeeded")).toList();
        }

        @Override
        public boolean resourceGroupExists(String name) {
            calls.add("exists " + name);
            Integer left = deleting.get(name);
            if (left != null && left <= 1) {
                deleting.remove(name);
                groups.remove(name);
            } else if (left != null) {
                deleting.put(name, left - 1);
            }
            return groups.containsKey(name);
        }

        @Override
        public void beginDeleteResourceGroup(String name) {
            calls.add("delete " + name);
            if (groups.containsKey(name) && polls >= 0) {
                deleting.putIfAbsent(name, polls);
            }
        }

        @Override
        public List<VmSku> vmSkus(String region) {
            return List.of();
        }

        @Override
        public List<Usage> usages(String region) {
            return List.of();
        }

        @Override
        public String serialLog(String resourceGroup, String vmName) {
            return "";
        }
    }

    /** A clock that moves one poll interval each time it is read, so deadlines pass without sleeping. */
    private static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2026-11-29T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(15);
            return now;
        }
    }

    private final Groups arm = new Groups();
    private final List<String> progress = new ArrayList<>();

    private ResourceGroupSweep sweep(Duration deadline) {
        return new ResourceGroupSweep(arm, new SweepTiming(deadline, Duration.ZERO), new SteppingClock(),
                new CancellationToken(), progress::add);
    }

    @Test
    void deletesTheRunsGroupsWaitsUntilGoneThenChecksAgain() {
        arm.groups.put("benchfleet-1", Map.of("benchfleet-run-id", "1", "benchfleet-managed", "true"));
        arm.groups.put("benchfleet-1-extra", Map.of("benchfleet-run-id", "1", "benchfleet-managed", "true"));
        arm.groups.put("benchfleet-2", Map.of("benchfleet-run-id", "2", "benchfleet-managed", "true"));
        arm.groups.put("someone-elses", Map.of());

        SweepReport report = sweep(Duration.ofMinutes(30)).sweep("1");

        assertThat(report.isClean()).isTrue();
        assertThat(report.deleted()).containsExactly("benchfleet-1", "benchfleet-1-extra");
        assertThat(arm.groups).containsOnlyKeys("benchfleet-2", "someone-elses");
        assertThat(arm.calls.subList(0, 3)).containsExactly("list benchfleet-run-id=1", "delete benchfleet-1",
                "delete benchfleet-1-extra");
        assertThat(arm.calls.stream().filter(c -> c.equals("exists benchfleet-1")).count()).as("waited, polling")
                .isEqualTo(3);
        assertThat(arm.calls).last().isEqualTo("list benchfleet-run-id=1");
        assertThat(progress).contains("resource group benchfleet-1 is gone");
    }

    @Test
    void aGroupThatOutlivesTheDeadlineIsReportedAsLeft() {
        arm.polls = 1000;
        arm.groups.put("benchfleet-1", Map.of("benchfleet-run-id", "1"));

        SweepReport report = sweep(Duration.ofMinutes(5)).sweep("1");

        assertThat(report.isClean()).isFalse();
        assertThat(report.left()).containsExactly("resource-group benchfleet-1");
        long polls = arm.calls.stream().filter(c -> c.startsWith("exists")).count();
        assertThat(polls).as("bounded by the deadline (5 min at 15 s per look)").isBetween(5L, 21L);
    }

    @Test
    void aSecondSweepFindsNothingAndDeletesNothing() {
        arm.groups.put("benchfleet-1", Map.of("benchfleet-run-id", "1"));
        sweep(Duration.ofMinutes(30)).sweep("1");
        arm.calls.clear();

        SweepReport again = sweep(Duration.ofMinutes(30)).sweep("1");

        assertThat(again.isClean()).isTrue();
        assertThat(again.deleted()).isEmpty();
        assertThat(arm.calls).containsExactly("list benchfleet-run-id=1");
    }

    @Test
    void sweepAllTakesEveryManagedGroupAndNothingElse() {
        arm.groups.put("benchfleet-1", Map.of("benchfleet-run-id", "1", "benchfleet-managed", "true"));
        arm.groups.put("benchfleet-2", Map.of("benchfleet-run-id", "2", "benchfleet-managed", "true"));
        arm.groups.put("prod", Map.of("benchfleet-managed", "false"));

        SweepReport report = sweep(Duration.ofMinutes(30)).sweepAll();

        assertThat(report.deleted()).containsExactly("benchfleet-1", "benchfleet-2");
        assertThat(arm.groups).containsOnlyKeys("prod");
    }

    @Test
    void ctrlCStopsTheWaitAndReportsWhatIsLeft() {
        arm.polls = 1000;
        arm.groups.put("benchfleet-1", Map.of("benchfleet-run-id", "1"));
        CancellationToken cancelled = new CancellationToken();
        cancelled.cancel();

        SweepReport report = new ResourceGroupSweep(arm, new SweepTiming(Duration.ofMinutes(30), Duration.ofSeconds(15)),
                Clock.systemUTC(), cancelled, progress::add).sweep("1");

        assertThat(report.left()).containsExactly("resource-group benchfleet-1");
        assertThat(arm.calls.stream().filter(c -> c.startsWith("exists")).count()).isEqualTo(1);
    }
}
