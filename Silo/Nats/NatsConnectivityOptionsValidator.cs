using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Nats;

public sealed class NatsConnectivityOptionsValidator : IValidateOptions<NatsConnectivityOptions>
{
    private static readonly string[] Schemes = ["nats", "tls", "ws", "wss"];

    public ValidateOptionsResult Validate(string? name, NatsConnectivityOptions options)
    {
        var failures = new List<string>();
        foreach (var url in options.Url.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme))
            {
                failures.Add($"Nats:Url '{url}' is not a nats://, tls://, ws:// or wss:// URL.");
            }
        }

        Positive(nameof(options.StartTimeout), options.StartTimeout, failures);
        Positive(nameof(options.StatusTimeout), options.StatusTimeout, failures);
        Positive(nameof(options.StopTimeout), options.StopTimeout, failures);
        Positive(nameof(options.ProbeTimeout), options.ProbeTimeout, failures);
        if (options.MaxConcurrentHeartbeats < 1)
        {
            failures.Add("Nats:MaxConcurrentHeartbeats must be at least 1.");
        }

        if (string.IsNullOrEmpty(options.TlsCertPath) != string.IsNullOrEmpty(options.TlsKeyPath))
        {
            failures.Add("Nats:TlsCertPath and Nats:TlsKeyPath go together: a client certificate needs its key.");
        }

        foreach (var (key, path) in new[] { ("TlsCaPath", options.TlsCaPath), ("TlsCertPath", options.TlsCertPath), ("TlsKeyPath", options.TlsKeyPath) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                failures.Add($"Nats:{key} '{path}' does not exist.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(string name, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Nats:{name} must be positive.");
        }
    }
}
