using Microsoft.Extensions.Configuration;
using Wasmcloud.Silo.Gateway;
using Wasmcloud.Silo.Hosting;

namespace Wasmcloud.Silo.Tests.Gateway;

/// <summary>The gateway's command line as the chart writes it, and the errors a wrong one gets at start.</summary>
public sealed class GatewayModeOptionsTests
{
    [Fact]
    public void The_charts_gateway_arguments_select_gateway_mode_and_validate()
    {
        string[] chartArgs =
        [
            "--gateway", "--urls=http://0.0.0.0:8000",
            "--Gateway:Silos:0=wasmcloud-wasmcloud-orleans-silo.wasmcloud.svc.cluster.local:30000",
            "--Gateway:FallbackEndpoint=http://default-backend.web:8080",
        ];
        var configuration = new ConfigurationBuilder().AddCommandLine(SiloCommandLine.Normalize(chartArgs)).Build();
        var options = configuration.GetSection(GatewayModeOptions.SectionName).Get<GatewayModeOptions>()!;

        Assert.True(configuration.IsGateway());
        Assert.False(configuration.IsStandalone());
        Assert.True(new GatewayModeOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(SiloEndpoint.TryParse(Assert.Single(options.Silos), out var silo));
        Assert.Equal(new SiloEndpoint("wasmcloud-wasmcloud-orleans-silo.wasmcloud.svc.cluster.local", 30000), silo);
        Assert.Equal("http://default-backend.web:8080", options.FallbackEndpoint);
        Assert.False(new ConfigurationBuilder().AddCommandLine(SiloCommandLine.Normalize(["--standalone"])).Build().IsGateway());
    }

    [Fact]
    public void No_silos_a_bad_endpoint_and_a_relative_fallback_are_named_at_start()
    {
        var failures = new GatewayModeOptionsValidator().Validate(null, new GatewayModeOptions()).Failures!;
        Assert.Contains(failures, f => f.StartsWith("Gateway:Silos must name at least one", StringComparison.Ordinal));

        failures = new GatewayModeOptionsValidator().Validate(null, new GatewayModeOptions
        {
            Silos = ["silo-without-port", "[::1]:30000"],
            FallbackEndpoint = "/elsewhere",
            PollTimeout = TimeSpan.FromMinutes(1),
        }).Failures!;
        Assert.Equal(
            [
                "Gateway:Silos entry 'silo-without-port' is not host:port with a port between 1 and 65535",
                "Gateway:FallbackEndpoint must be an absolute http or https URL (got '/elsewhere')",
                "Gateway:PollTimeout must be above 0 and at most 20 s, inside Orleans' response timeout (got 00:01:00)",
            ],
            failures);
    }
}
