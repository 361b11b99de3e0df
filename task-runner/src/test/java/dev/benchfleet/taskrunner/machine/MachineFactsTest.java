package dev.benchfleet.taskrunner.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineFactsTest {

    @TempDir
    Path root;

    private void file(String relative, String content) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void readsCpuModelSmtAndKernelFromProcAndSys() throws Exception {
        file("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8488C\n");
        file("sys/devices/system/cpu/cpu0/topology/thread_siblings_list", "0,2\n");
        file("proc/sys/kernel/osrelease", "6.1.0-28-cloud-amd64\n");
        Map<String, Object> facts = new MachineFacts(root).collect();
        assertThat(facts).containsEntry("cpu_model", "Intel(R) Xeon(R) Platinum 8488C").containsEntry("threads_per_core", 2)
                .containsEntry("kernel", "6.1.0-28-cloud-amd64").containsKey("vcpus").containsKey("arch");
    }

    @Test
    void armCpusHaveNoModelNameButAPart() throws Exception {
        file("proc/cpuinfo", "processor\t: 0\nBogoMIPS\t: 243.75\nCPU implementer\t: 0x41\nCPU part\t: 0xd40\n");
        file("sys/devices/system/cpu/cpu0/topology/thread_siblings_list", "0\n");
        assertThat(new MachineFacts(root).collect()).containsEntry("cpu_model", "ARM CPU part 0xd40")
                .containsEntry("threads_per_core", 1);
    }

    @Test
    void stealIsTheStolenShareOfAllCpuTimeBetweenTwoSamples() throws Exception {
        file("proc/stat", "cpu  100 0 50 800 10 0 0 40 0 0\ncpu0 1 2 3\n");
        CpuTimes before = new MachineFacts(root).cpuTimes().orElseThrow();
        assertThat(before).isEqualTo(new CpuTimes(1000, 40));
        file("proc/stat", "cpu  200 0 100 1600 10 0 0 90 0 0\n");
        CpuTimes after = new MachineFacts(root).cpuTimes().orElseThrow();
        assertThat(after.stealPercentSince(before).orElseThrow()).isCloseTo(5.0, within(1e-9));
        assertThat(new MachineFacts(root.resolve("nothing")).cpuTimes()).isEmpty();
        assertThat(new MachineFacts(root.resolve("nothing")).collect()).doesNotContainKey("cpu_model");
    }
}
