using System.Globalization;
using System.Text;

namespace Wasmcloud.HostRuntime.Options;

/// <summary>
/// Maps <c>wash host</c>-style arguments (<c>--flag value</c>, <c>--flag=value</c>, bare boolean flags) onto
/// <see cref="HostRuntimeOptions"/>. Flags of <c>wash host</c> whose absence changes nothing a workload can notice here
/// (socket policy for a host without <c>wasi:sockets</c>, connection quotas, telemetry) are accepted and reported, so
/// a chart written for wasmCloud still starts; flags asking for something this host cannot do (<c>--host-plugin</c>,
/// <c>--wasi-webgpu</c>, some <c>--wasm-proposal</c>s) are refused with the reason; anything else is an error.
/// </summary>
public static class HostRuntimeCommandLine
{
    public const string EnvironmentVariable = "WASMCLOUD_HOST_ENVIRONMENT";

    private delegate HostRuntimeOptions Apply(HostRuntimeOptions options, string flag, string value);

    private static readonly Dictionary<string, Apply> ValueFlags = new(StringComparer.Ordinal)
    {
        ["host-name"] = (o, _, v) => o with { HostName = v },
        ["host-group"] = (o, _, v) => o with { HostGroup = v },
        ["environment"] = (o, _, v) => o with { Environment = v },
        ["scheduler-nats-url"] = (o, _, v) => o with { SchedulerNatsUrl = v },
        ["data-nats-url"] = (o, _, v) => o with { DataNatsUrl = v },
        ["http-addr"] = (o, _, v) => o with { HttpAddr = v },
        ["oci-cache-dir"] = (o, _, v) => o with { OciCacheDir = v },
        ["oci-ca-path"] = (o, _, v) => o with { OciCaPaths = [.. o.OciCaPaths, v] },
        ["registry-pull-timeout"] = (o, f, v) => o with { RegistryPullTimeout = ParseDuration(f, v) },
        ["heartbeat-interval"] = (o, f, v) => o with { HeartbeatInterval = ParseDuration(f, v) },
        ["shutdown-timeout"] = (o, f, v) => o with { ShutdownTimeout = ParseDuration(f, v) },
        ["max-request-bytes"] = (o, f, v) => o with { MaxRequestBytes = ParseInt(f, v) },
        ["log-level"] = (o, f, v) => o with { LogLevel = ParseLogLevel(f, v) },
        ["max-component-memory-mb"] = (o, f, v) => o with { MaxComponentMemoryMb = ParseInt(f, v) },
        ["request-timeout"] = (o, f, v) => o with { RequestTimeout = ParseDuration(f, v) },
        ["compile-cache-dir"] = (o, _, v) => o with { CompileCacheDir = v },
        ["fuel-per-request"] = (o, f, v) => o with { FuelPerRequest = ParseLong(f, v) },
        ["plugins-dir"] = (o, _, v) => o with { PluginsDir = v },
        ["plugin"] = (o, _, v) => o with { Plugins = [.. o.Plugins, v] },
        ["user-config"] = (o, _, v) => o with { UserConfigPath = v },
        ["tls-cert-path"] = (o, _, v) => o with { HttpTls = o.HttpTls with { CertPath = v } },
        ["tls-key-path"] = (o, _, v) => o with { HttpTls = o.HttpTls with { KeyPath = v } },
        ["tls-ca-path"] = (o, _, v) => o with { HttpTls = o.HttpTls with { ClientCaPath = v } },
        ["wasm-proposal"] = (o, f, v) => o with { WasmProposals = [.. o.WasmProposals, WasmProposalNames.Parse(f, v)] },
        ["host-plugin"] = (_, f, _) => throw new CommandLineException(
            $"{f} loads a Wasm component as a host plugin (the reference's host-component-plugins feature), which this host does not do; " +
            "its plugins are .NET assemblies in the plugins folder, enabled with --plugin <id> or a host.hostPlugins entry of --user-config (docs/host-plugins.md)"),
        ["scheduler-nats-tls-ca"] = (o, _, v) => o with { SchedulerNatsTls = o.SchedulerNatsTls with { CaPath = v } },
        ["scheduler-nats-tls-cert"] = (o, _, v) => o with { SchedulerNatsTls = o.SchedulerNatsTls with { CertPath = v } },
        ["scheduler-nats-tls-key"] = (o, _, v) => o with { SchedulerNatsTls = o.SchedulerNatsTls with { KeyPath = v } },
        ["data-nats-tls-ca"] = (o, _, v) => o with { DataNatsTls = o.DataNatsTls with { CaPath = v } },
        ["data-nats-tls-cert"] = (o, _, v) => o with { DataNatsTls = o.DataNatsTls with { CertPath = v } },
        ["data-nats-tls-key"] = (o, _, v) => o with { DataNatsTls = o.DataNatsTls with { KeyPath = v } },
    };

    private static readonly Dictionary<string, Func<HostRuntimeOptions, bool, HostRuntimeOptions>> BoolFlags = new(StringComparer.Ordinal)
    {
        ["allow-insecure-registries"] = (o, v) => o with { AllowInsecureRegistries = v },
        ["enable-meters"] = (o, v) => o with { EnableMeters = v },
        ["scheduler-nats-tls-first"] = (o, v) => o with { SchedulerNatsTls = o.SchedulerNatsTls with { HandshakeFirst = v } },
        ["data-nats-tls-first"] = (o, v) => o with { DataNatsTls = o.DataNatsTls with { HandshakeFirst = v } },
        ["wasi-webgpu"] = (o, v) => v
            ? throw new CommandLineException("--wasi-webgpu: this host has no WebGPU support (wasi:webgpu); run such workloads on wash hosts")
            : o,
    };

    // wash host flags (reference §5.1) that take a value, and those that are switches; accepted, not implemented yet
    // (logged at start).
    private static readonly HashSet<string> IgnoredValueFlags = new(StringComparer.Ordinal)
    {
        "http-client-ca-path", "http-client-trust-roots",
        "postgres-url", "socket-egress", "max-connections",
        "max-outbound-http-connections-per-workload", "max-outbound-socket-connections-per-workload",
        "max-inbound-socket-connections-per-workload", "http-connection-wait",
        "wasmcloud-messaging-max-in-flight", "wasmcloud-messaging-max-in-flight-per-component",
    };

    private static readonly HashSet<string> IgnoredBoolFlags = new(StringComparer.Ordinal)
    {
        "wasi-otel", "allow-host-loopback",
        "deny-special-ranges", "deny-private-ranges",
    };

    public static string Usage { get; } = BuildUsage();

    /// <summary>True when the arguments ask for help rather than a host.</summary>
    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h");

    /// <exception cref="CommandLineException">An unknown flag, a missing value or a value of the wrong form.</exception>
    public static HostRuntimeOptions Parse(IReadOnlyList<string> args, Func<string, string?>? getEnvironmentVariable = null)
    {
        getEnvironmentVariable ??= System.Environment.GetEnvironmentVariable;
        var options = new HostRuntimeOptions();
        if (getEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } environment)
        {
            options = options with { Environment = environment };
        }

        var ignored = new List<string>();
        var i = 0;

        // Accept the subcommand of `wash host …` so an image entrypoint can be swapped without editing arguments.
        if (args.Count > 0 && args[0] == "host")
        {
            i++;
        }

        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new CommandLineException($"unexpected argument '{arg}'");
            }

            var (name, inlineValue) = Split(arg[2..]);
            if (ValueFlags.TryGetValue(name, out var apply))
            {
                options = apply(options, "--" + name, inlineValue ?? TakeValue(args, ref i, name));
            }
            else if (BoolFlags.TryGetValue(name, out var set))
            {
                options = set(options, ParseBool(name, inlineValue ?? TakeOptionalBool(args, ref i)));
            }
            else if (IgnoredValueFlags.Contains(name))
            {
                _ = inlineValue ?? TakeValue(args, ref i, name);
                ignored.Add("--" + name);
            }
            else if (IgnoredBoolFlags.Contains(name))
            {
                _ = ParseBool(name, inlineValue ?? TakeOptionalBool(args, ref i));
                ignored.Add("--" + name);
            }
            else
            {
                throw new CommandLineException($"unknown flag '--{name}'");
            }
        }

        return options with { IgnoredFlags = ignored };
    }

    /// <summary>Durations as <c>wash</c> writes them (<c>500ms</c>, <c>15s</c>, <c>2m</c>, <c>1h</c>), or plain seconds.</summary>
    public static TimeSpan ParseDuration(string flag, string value)
    {
        var text = value.Trim();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 1d),
            _ when text.EndsWith('s') => (text[..^1], 1000d),
            _ when text.EndsWith('m') => (text[..^1], 60_000d),
            _ when text.EndsWith('h') => (text[..^1], 3_600_000d),
            _ => (text, 1000d),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount < 0)
        {
            throw new CommandLineException($"{flag}: '{value}' is not a duration such as 500ms, 15s or 2m");
        }

        return TimeSpan.FromMilliseconds(amount * scale);
    }

    private static (string Name, string? Value) Split(string flag)
    {
        var eq = flag.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? (flag, null) : (flag[..eq], flag[(eq + 1)..]);
    }

    private static string TakeValue(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CommandLineException($"--{name} needs a value");
        }

        return args[++i];
    }

    private static string? TakeOptionalBool(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 < args.Count && args[i + 1] is "true" or "false")
        {
            return args[++i];
        }

        return null;
    }

    private static bool ParseBool(string name, string? value) => value switch
    {
        null or "true" => true,
        "false" => false,
        _ => throw new CommandLineException($"--{name}: '{value}' is not true or false"),
    };

    private static LogLevel ParseLogLevel(string flag, string value) => value.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new CommandLineException($"{flag}: '{value}' is not trace, debug, info, warn or error"),
    };

    private static int ParseInt(string flag, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new CommandLineException($"{flag}: '{value}' is not a whole number");

    private static long ParseLong(string flag, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new CommandLineException($"{flag}: '{value}' is not a whole number");

    private static string BuildUsage()
    {
        var text = new StringBuilder();
        text.AppendLine("Usage: Wasmcloud.HostRuntime [host] [flags]");
        text.AppendLine();
        text.AppendLine($"  --host-name <name>              reported hostname (default: the OS hostname)");
        text.AppendLine($"  --host-group <group>            label hostgroup (default: {HostRuntimeOptions.DefaultHostGroup})");
        text.AppendLine($"  --environment <env>             environment (env {EnvironmentVariable})");
        text.AppendLine($"  --scheduler-nats-url <url>      control-plane NATS (default: {HostRuntimeOptions.DefaultNatsUrl})");
        text.AppendLine($"  --data-nats-url <url>           NATS for workload plugins (default: {HostRuntimeOptions.DefaultNatsUrl})");
        text.AppendLine($"  --http-addr <ip:port>           HTTP ingress (default: {HostRuntimeOptions.DefaultHttpAddr})");
        text.AppendLine("  --scheduler-nats-tls-ca|cert|key <file>, --scheduler-nats-tls-first");
        text.AppendLine("                                  TLS to the control-plane NATS (PEM files)");
        text.AppendLine("  --data-nats-tls-ca|cert|key <file>, --data-nats-tls-first");
        text.AppendLine("                                  TLS to the data NATS (PEM files)");
        text.AppendLine("  --tls-cert-path <file>, --tls-key-path <file>");
        text.AppendLine("                                  serve HTTP ingress over TLS (PEM files)");
        text.AppendLine("  --tls-ca-path <file>            require client certificates issued by this CA (mTLS)");
        text.AppendLine("  --oci-cache-dir <dir>           OCI image cache");
        text.AppendLine("  --oci-ca-path <file>            extra registry CA certificates (repeatable)");
        text.AppendLine("  --allow-insecure-registries     plain HTTP to registries");
        text.AppendLine("  --registry-pull-timeout <dur>   default 30s");
        text.AppendLine("  --heartbeat-interval <dur>      default 15s");
        text.AppendLine($"  --max-request-bytes <n>         largest control request (default: {HostRuntimeOptions.DefaultMaxRequestBytes})");
        text.AppendLine("  --shutdown-timeout <dur>        drain budget on SIGTERM (default 30s)");
        text.AppendLine($"  --max-component-memory-mb <n>   memory ceiling per component instance (default: {HostRuntimeOptions.DefaultMaxComponentMemoryMb})");
        text.AppendLine("  --request-timeout <dur>         longest HTTP invocation, then 504 (default 10s)");
        text.AppendLine("  --enable-meters                 fuel metering: fuel burnt per workload in the log and the Wasmcloud.Host meter");
        text.AppendLine("  --fuel-per-request <n>          fuel budget of one request, then 500 (implies --enable-meters; default: none)");
        text.AppendLine("  --compile-cache-dir <dir>       compiled components (default: <oci-cache-dir>/compiled, else under the temp directory)");
        text.AppendLine($"  --plugins-dir <dir>             host plugins folder, one sub-folder per plugin (default: {HostRuntimeOptions.DefaultPluginsDir})");
        text.AppendLine("  --plugin <id>                   enable a plugin from the plugins folder (repeatable; docs/host-plugins.md)");
        text.AppendLine($"  --user-config <file>            host.hostPlugins[]: plugins to enable with their host-wide config and secrets");
        text.AppendLine($"  --wasm-proposal <name>          enable a Wasm proposal (repeatable): {string.Join(", ", WasmProposalNames.ByName.Keys)}");
        text.AppendLine("  --log-level <level>             trace, debug, info, warn, error (default: info)");
        return text.ToString();
    }
}
