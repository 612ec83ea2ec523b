using Microsoft.Extensions.Options;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Tests.Options;

public sealed class HostRuntimeCommandLineTests
{
    private static HostRuntimeOptions Parse(params string[] args) => HostRuntimeCommandLine.Parse(args, _ => null);

    [Fact]
    public void Defaults_match_wash_host()
    {
        var options = Parse();

        Assert.Null(options.HostName);
        Assert.Equal("default", options.HostGroup);
        Assert.Equal("", options.Environment);
        Assert.Equal("nats://localhost:4222", options.SchedulerNatsUrl);
        Assert.Equal("nats://localhost:4222", options.DataNatsUrl);
        Assert.Equal("0.0.0.0:9191", options.HttpAddr);
        Assert.False(options.AllowInsecureRegistries);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RegistryPullTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), options.HeartbeatInterval);
        Assert.Equal(256, options.MaxComponentMemoryMb);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
        Assert.Null(options.CompileCacheDir);
        Assert.Empty(options.IgnoredFlags);
    }

    [Fact]
    public void Both_value_forms_and_bare_switches_are_understood()
    {
        var options = Parse(
            "host",
            "--host-name", "10.0.0.7",
            "--host-group=edge",
            "--environment", "tenant-a",
            "--scheduler-nats-url=nats://nats:4222",
            "--data-nats-url", "nats://data:4222",
            "--http-addr", "127.0.0.1:8080",
            "--oci-cache-dir", "/oci-cache",
            "--allow-insecure-registries",
            "--oci-ca-path=/etc/ca.pem",
            "--oci-ca-path", "/etc/other-ca.pem",
            "--registry-pull-timeout", "45s",
            "--heartbeat-interval=500ms",
            "--log-level", "debug",
            "--max-component-memory-mb", "64",
            "--request-timeout=2500ms",
            "--compile-cache-dir", "/var/cache/wasm");

        Assert.Equal("10.0.0.7", options.HostName);
        Assert.Equal("edge", options.HostGroup);
        Assert.Equal("tenant-a", options.Environment);
        Assert.Equal("nats://nats:4222", options.SchedulerNatsUrl);
        Assert.Equal("nats://data:4222", options.DataNatsUrl);
        Assert.Equal("127.0.0.1:8080", options.HttpAddr);
        Assert.Equal("/oci-cache", options.OciCacheDir);
        Assert.True(options.AllowInsecureRegistries);
        Assert.Equal(["/etc/ca.pem", "/etc/other-ca.pem"], options.OciCaPaths);
        Assert.Equal(TimeSpan.FromSeconds(45), options.RegistryPullTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.HeartbeatInterval);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, options.LogLevel);
        Assert.Equal(64, options.MaxComponentMemoryMb);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.RequestTimeout);
        Assert.Equal("/var/cache/wasm", options.CompileCacheDir);
    }

    [Fact]
    public void Nats_tls_flags_of_both_connections_are_read()
    {
        var options = Parse(
            "--scheduler-nats-tls-ca", "/runtime-cert/ca.crt",
            "--scheduler-nats-tls-cert=/runtime-cert/tls.crt",
            "--scheduler-nats-tls-key", "/runtime-cert/tls.key",
            "--data-nats-tls-ca", "/data-cert/ca.crt",
            "--data-nats-tls-cert", "/data-cert/tls.crt",
            "--data-nats-tls-key", "/data-cert/tls.key",
            "--data-nats-tls-first");

        Assert.Equal(new NatsTlsFiles { CaPath = "/runtime-cert/ca.crt", CertPath = "/runtime-cert/tls.crt", KeyPath = "/runtime-cert/tls.key" }, options.SchedulerNatsTls);
        Assert.Equal(new NatsTlsFiles { CaPath = "/data-cert/ca.crt", CertPath = "/data-cert/tls.crt", KeyPath = "/data-cert/tls.key", HandshakeFirst = true }, options.DataNatsTls);
        Assert.Empty(options.IgnoredFlags);
        Assert.Equal(NATS.Client.Core.TlsMode.Require, options.SchedulerNatsTls.ToNatsTlsOpts().Mode);
        Assert.Equal(NATS.Client.Core.TlsMode.Implicit, options.DataNatsTls.ToNatsTlsOpts().Mode);
        Assert.Equal(NATS.Client.Core.TlsMode.Auto, NatsTlsFiles.None.ToNatsTlsOpts().Mode);
    }

    [Fact]
    public void A_tls_certificate_without_its_key_and_missing_files_are_refused()
    {
        var result = new HostRuntimeOptionsValidator().Validate(null, new HostRuntimeOptions
        {
            SchedulerNatsTls = new NatsTlsFiles { CertPath = "/definitely/not/tls.crt" },
            DataNatsTls = new NatsTlsFiles { CaPath = "/definitely/not/ca.crt" },
        });

        Assert.True(result.Failed);
        Assert.Contains("--scheduler-nats-tls-cert and --scheduler-nats-tls-key go together: a client certificate needs its key.", result.Failures!);
        Assert.Contains("--scheduler-nats-tls-cert '/definitely/not/tls.crt' does not exist.", result.Failures!);
        Assert.Contains("--data-nats-tls-ca '/definitely/not/ca.crt' does not exist.", result.Failures!);
    }

    [Fact]
    public void Environment_variable_sets_the_environment_and_the_flag_wins()
    {
        Assert.Equal("from-env", HostRuntimeCommandLine.Parse([], n => n == "WASMCLOUD_HOST_ENVIRONMENT" ? "from-env" : null).Environment);
        Assert.Equal("from-flag", HostRuntimeCommandLine.Parse(["--environment", "from-flag"], _ => "from-env").Environment);
    }

    [Fact]
    public void Boolean_switch_may_take_an_explicit_value()
    {
        Assert.False(Parse("--allow-insecure-registries", "false", "--host-group", "g").AllowInsecureRegistries);
        Assert.True(Parse("--allow-insecure-registries=true").AllowInsecureRegistries);
    }

    [Fact]
    public void Enable_meters_and_a_fuel_budget_turn_fuel_metering_on()
    {
        var metered = Parse("--enable-meters");
        var budgeted = Parse("--fuel-per-request", "5000000");

        Assert.Equal((true, HostRuntimeOptions.DefaultFuelPerRequest, true), (metered.EnableMeters, metered.FuelPerRequest, metered.MetersFuel));
        Assert.Equal((false, 5_000_000L, true), (budgeted.EnableMeters, budgeted.FuelPerRequest, budgeted.MetersFuel));
        Assert.False(Parse().MetersFuel);
        Assert.Empty(metered.IgnoredFlags);
        Assert.Equal("--fuel-per-request: '-1' is not a whole number", Assert.Throws<CommandLineException>(() => Parse("--fuel-per-request=-1")).Message);
        Assert.Contains(
            "--fuel-per-request must not be negative (0: no budget).",
            new HostRuntimeOptionsValidator().Validate(null, new HostRuntimeOptions { FuelPerRequest = -1 }).Failures!);
    }

    [Fact]
    public void Wash_flags_not_implemented_yet_are_accepted_and_reported()
    {
        var options = Parse("--wasi-otel", "--deny-private-ranges", "true", "--socket-egress=enforce", "--host-group", "g");

        Assert.Equal(["--wasi-otel", "--deny-private-ranges", "--socket-egress"], options.IgnoredFlags);
        Assert.Equal("g", options.HostGroup);
    }

    [Fact]
    public void Wasm_proposals_the_chart_passes_become_engine_settings()
    {
        var options = Parse("--wasm-proposal=gc", "--wasm-proposal", "exception-handling", "--wasm-proposal=wide-arithmetic",
            "--wasm-proposal=tail-call", "--wasm-proposal=component-model-map");

        Assert.Equal(
            [WasmProposal.Gc, WasmProposal.ExceptionHandling, WasmProposal.WideArithmetic, WasmProposal.TailCall, WasmProposal.ComponentModelMap],
            options.WasmProposals);
        Assert.Empty(options.IgnoredFlags);
    }

    [Fact]
    public void Component_model_async_is_refused_because_concurrency_support_is_off()
    {
        var refused = Assert.Throws<CommandLineException>(() => Parse("--wasm-proposal=component-model-async"));

        Assert.StartsWith("--wasm-proposal: 'component-model-async' cannot be enabled on this host", refused.Message);
        Assert.Contains("concurrency support switched off", refused.Message);
    }

    [Fact]
    public void An_unknown_wasm_proposal_is_refused_listing_the_known_ones()
    {
        var refused = Assert.Throws<CommandLineException>(() => Parse("--wasm-proposal", "simd2"));

        Assert.Equal("--wasm-proposal: 'simd2' is not one of gc, exception-handling, wide-arithmetic, tail-call, component-model-map", refused.Message);
    }

    [Fact]
    public void Threads_are_refused_because_the_pooling_allocator_cannot_hold_shared_memories()
    {
        var refused = Assert.Throws<CommandLineException>(() => Parse("--wasm-proposal=threads"));

        Assert.StartsWith("--wasm-proposal: 'threads' cannot be enabled on this host: its engine uses Wasmtime's pooling allocator", refused.Message);
    }

    [Fact]
    public void Host_component_plugins_are_refused_pointing_at_our_plugins()
    {
        var refused = Assert.Throws<CommandLineException>(() => Parse("--host-plugin=id=audit,file=/plugins/audit.wasm"));

        Assert.StartsWith("--host-plugin loads a Wasm component as a host plugin", refused.Message);
        Assert.Contains("--plugin <id>", refused.Message);
    }

    [Fact]
    public void Webgpu_is_refused_when_switched_on_and_accepted_when_off()
    {
        var refused = Assert.Throws<CommandLineException>(() => Parse("--wasi-webgpu"));

        Assert.Equal("--wasi-webgpu: this host has no WebGPU support (wasi:webgpu); run such workloads on wash hosts", refused.Message);
        Assert.Empty(Parse("--wasi-webgpu=false").IgnoredFlags);
    }

    [Fact]
    public void User_config_names_the_file_the_validator_requires()
    {
        var options = Parse("--user-config=/definitely/not/config.yaml");

        Assert.Equal("/definitely/not/config.yaml", options.UserConfigPath);
        Assert.Contains("--user-config '/definitely/not/config.yaml' does not exist.", new HostRuntimeOptionsValidator().Validate(null, options).Failures!);
    }

    [Theory]
    [InlineData("unknown flag '--frobnicate'", "--frobnicate")]
    [InlineData("--host-group needs a value", "--host-group")]
    [InlineData("--host-group needs a value", "--host-group", "--environment", "x")]
    [InlineData("unexpected argument 'stray'", "stray")]
    [InlineData("--heartbeat-interval: 'soon' is not a duration such as 500ms, 15s or 2m", "--heartbeat-interval", "soon")]
    [InlineData("--allow-insecure-registries: 'yes' is not true or false", "--allow-insecure-registries=yes")]
    [InlineData("--max-request-bytes: 'lots' is not a whole number", "--max-request-bytes", "lots")]
    [InlineData("--log-level: 'loud' is not trace, debug, info, warn or error", "--log-level", "loud")]
    public void Bad_arguments_are_refused_with_a_clear_message(string message, params string[] args)
    {
        var error = Assert.Throws<CommandLineException>(() => Parse(args));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("15s", 15_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("20", 20_000)]
    [InlineData("1.5s", 1_500)]
    public void Durations_are_read_like_wash(string text, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), HostRuntimeCommandLine.ParseDuration("--x", text));
    }

    [Fact]
    public void Validator_accepts_the_defaults()
    {
        Assert.True(new HostRuntimeOptionsValidator().Validate(null, new HostRuntimeOptions()).Succeeded);
    }

    [Fact]
    public void Validator_names_every_bad_option()
    {
        var result = new HostRuntimeOptionsValidator().Validate(null, new HostRuntimeOptions
        {
            HostGroup = "",
            SchedulerNatsUrl = "http://nats:4222",
            HttpAddr = "localhost:9191",
            HeartbeatInterval = TimeSpan.Zero,
            OciCaPaths = ["/definitely/not/here.pem"],
            MaxRequestBytes = 10,
            MaxComponentMemoryMb = 0,
            RequestTimeout = TimeSpan.Zero,
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith("--host-group", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("--scheduler-nats-url 'http://nats:4222'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("--http-addr 'localhost:9191'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("--heartbeat-interval", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("--oci-ca-path", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("--max-request-bytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("--max-component-memory-mb", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("--request-timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Building_a_host_with_invalid_options_fails_before_anything_starts()
    {
        Assert.Throws<OptionsValidationException>(() => Wasmcloud.HostRuntime.Hosting.HostRuntimeApplication.Build(new HostRuntimeOptions { HttpAddr = "nowhere" }));
    }
}
