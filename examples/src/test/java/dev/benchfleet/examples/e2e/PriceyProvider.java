package dev.benchfleet.examples.e2e;

import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.core.spi.HourlyPrice;
import dev.benchfleet.core.spi.InstanceCatalog;
import dev.benchfleet.core.spi.InstanceTypeInfo;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.TaskRunnerProvider;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A cloud-like test provider that costs money: {@code pre_orchestrator}, with catalog prices (test
 * inputs, not real ones). Its setup fails loudly, so a test that reaches it knows the spend guard let
 * the run through. Put on the runner's class path by {@link PlanCommandIT} through a services file of
 * its own, so that in-process tests never discover it.
 */
public final class PriceyProvider implements TaskRunnerProvider {

    @Override
    public String name() {
        return "pricey";
    }

    @Override
    public ProviderPhase phase() {
        return ProviderPhase.PRE_ORCHESTRATOR;
    }

    @Override
    public InstanceCatalog instanceCatalog() {
        HourlyPrice price = new HourlyPrice(new BigDecimal("0.50"), "test-region-1", "test fixture (not a real price)",
                LocalDate.of(2026, 1, 1));
        return InstanceCatalog.ofTypes(List.of(
                new InstanceTypeInfo("p.large", 2, Architecture.ARM64, 1, new BigDecimal("4"), price),
                new InstanceTypeInfo("p.mystery", 4, Architecture.X86_64, 2, null, null)));
    }

    @Override
    public SetupResult setup(ProviderContext context) {
        throw new ExternalException("pricey: setup reached (the spend guard let the run through)", null, null);
    }
}
