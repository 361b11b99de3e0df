package dev.benchfleet.terraformcheck;

import dev.benchfleet.terraformcheck.schema.ProviderPackage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of the terraform-check command line: its exit code and what it printed. */
public record CheckRun(int exitCode, String out, String err) {

    public static CheckRun of(String... args) {
        return of(ProviderPackage.PINNED, args);
    }

    public static CheckRun of(List<ProviderPackage> packages, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new TerraformCheckCommand(packages));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new CheckRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
