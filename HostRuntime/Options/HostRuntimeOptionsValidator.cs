using System.Net;
using Microsoft.Extensions.Options;

namespace Wasmcloud.HostRuntime.Options;

public sealed class HostRuntimeOptionsValidator : IValidateOptions<HostRuntimeOptions>
{
    private static readonly string[] NatsSchemes = ["nats", "tls", "ws", "wss"];

    public ValidateOptionsResult Validate(string? name, HostRuntimeOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.HostGroup))
        {
            failures.Add("--host-group must not be empty.");
        }

        if (options.HostName is { } hostName && string.IsNullOrWhiteSpace(hostName))
        {
            failures.Add("--host-name must not be blank.");
        }

        CheckNatsUrl("--scheduler-nats-url", options.SchedulerNatsUrl, failures);
        CheckNatsUrl("--data-nats-url", options.DataNatsUrl, failures);
        CheckTls("--scheduler-nats-tls", options.SchedulerNatsTls, failures);
        CheckTls("--data-nats-tls", options.DataNatsTls, failures);
        if (!IPEndPoint.TryParse(options.HttpAddr, out var endpoint) || !options.HttpAddr.Contains(':', StringComparison.Ordinal))
        {
            failures.Add($"--http-addr '{options.HttpAddr}' is not an IP address and port such as {HostRuntimeOptions.DefaultHttpAddr}.");
        }
        else if (endpoint.Port is < 0 or > 65535)
        {
            failures.Add($"--http-addr '{options.HttpAddr}' has an invalid port.");
        }

        foreach (var ca in options.OciCaPaths.Where(ca => !File.Exists(ca)))
        {
            failures.Add($"--oci-ca-path '{ca}' does not exist.");
        }

        CheckHttpTls(options.HttpTls, failures);
        if (options.UserConfigPath is { } userConfig && !File.Exists(userConfig))
        {
            failures.Add($"--user-config '{userConfig}' does not exist.");
        }

        if (options.HeartbeatInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add("--heartbeat-interval must be at least 100ms.");
        }

        if (options.RegistryPullTimeout <= TimeSpan.Zero)
        {
            failures.Add("--registry-pull-timeout must be positive.");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            failures.Add("--shutdown-timeout must not be negative.");
        }

        if (options.MaxRequestBytes < 1024)
        {
            failures.Add("--max-request-bytes must be at least 1024.");
        }

        if (options.MaxComponentMemoryMb is < 1 or > 4096)
        {
            // 4 GiB is all a 32-bit linear memory can address.
            failures.Add("--max-component-memory-mb must be between 1 and 4096.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("--request-timeout must be positive.");
        }

        if (options.FuelPerRequest < 0)
        {
            failures.Add("--fuel-per-request must not be negative (0: no budget).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckHttpTls(HttpTlsFiles tls, List<string> failures)
    {
        if (string.IsNullOrEmpty(tls.CertPath) != string.IsNullOrEmpty(tls.KeyPath))
        {
            failures.Add("--tls-cert-path and --tls-key-path go together: HTTPS needs the certificate and its key.");
        }

        if (!string.IsNullOrEmpty(tls.ClientCaPath) && string.IsNullOrEmpty(tls.CertPath))
        {
            failures.Add("--tls-ca-path (client certificates) needs --tls-cert-path and --tls-key-path: mTLS is TLS first.");
        }

        foreach (var (flag, path) in new[] { ("--tls-cert-path", tls.CertPath), ("--tls-key-path", tls.KeyPath), ("--tls-ca-path", tls.ClientCaPath) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                failures.Add($"{flag} '{path}' does not exist.");
            }
        }
    }

    private static void CheckTls(string prefix, NatsTlsFiles tls, List<string> failures)
    {
        if (string.IsNullOrEmpty(tls.CertPath) != string.IsNullOrEmpty(tls.KeyPath))
        {
            failures.Add($"{prefix}-cert and {prefix}-key go together: a client certificate needs its key.");
        }

        foreach (var (flag, path) in new[] { ($"{prefix}-ca", tls.CaPath), ($"{prefix}-cert", tls.CertPath), ($"{prefix}-key", tls.KeyPath) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                failures.Add($"{flag} '{path}' does not exist.");
            }
        }
    }

    private static void CheckNatsUrl(string flag, string value, List<string> failures)
    {
        // NATS URLs may list several servers separated by commas.
        foreach (var url in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !NatsSchemes.Contains(uri.Scheme))
            {
                failures.Add($"{flag} '{url}' is not a nats://, tls://, ws:// or wss:// URL.");
            }
        }
    }
}
