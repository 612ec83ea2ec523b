namespace Wasmcloud.Silo.Hosting;

/// <summary>
/// Turns the friendly flags into configuration keys: <c>--standalone</c> and <c>--gateway</c> (bare switches the
/// configuration command-line provider cannot read), <c>--manifests &lt;folder&gt;</c>, <c>--kubeconfig &lt;file&gt;</c> and
/// <c>--watch-namespaces a,b</c> (the reference operator's comma list; empty watches all namespaces).
/// </summary>
public static class SiloCommandLine
{
    public const string StandaloneEnabledKey = "Standalone:Enabled";
    public const string GatewayEnabledKey = "Gateway:Enabled";
    public const string ManifestsPathKey = "Standalone:ManifestsPath";
    public const string KubeconfigKey = "Kubernetes:Kubeconfig";
    public const string WatchNamespacesKey = "Feeder:Namespaces";

    public static string[] Normalize(string[] args)
    {
        var normalized = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--standalone")
            {
                var hasValue = i + 1 < args.Length && bool.TryParse(args[i + 1], out _);
                normalized.Add($"--{StandaloneEnabledKey}={(hasValue ? args[++i] : "true")}");
            }
            else if (arg is "--gateway")
            {
                var hasValue = i + 1 < args.Length && bool.TryParse(args[i + 1], out _);
                normalized.Add($"--{GatewayEnabledKey}={(hasValue ? args[++i] : "true")}");
            }
            else if (arg is "--manifests" && i + 1 < args.Length)
            {
                normalized.Add($"--{ManifestsPathKey}={args[++i]}");
            }
            else if (arg.StartsWith("--manifests=", StringComparison.Ordinal))
            {
                normalized.Add($"--{ManifestsPathKey}={arg["--manifests=".Length..]}");
            }
            else if (arg.StartsWith("--standalone=", StringComparison.Ordinal))
            {
                normalized.Add($"--{StandaloneEnabledKey}={arg["--standalone=".Length..]}");
            }
            else if (Value(args, ref i, "--kubeconfig") is { } kubeconfig)
            {
                normalized.Add($"--{KubeconfigKey}={kubeconfig}");
            }
            else if (Value(args, ref i, "--watch-namespaces") is { } namespaces)
            {
                var names = namespaces.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                normalized.AddRange(names.Select((name, index) => $"--{WatchNamespacesKey}:{index}={name}"));
            }
            else
            {
                normalized.Add(arg);
            }
        }

        return [.. normalized];
    }

    /// <summary>The value of <c>--flag value</c> or <c>--flag=value</c> at <paramref name="i"/>, moving past it; null when another argument is there.</summary>
    private static string? Value(string[] args, ref int i, string flag)
    {
        if (args[i] == flag && i + 1 < args.Length)
        {
            return args[++i];
        }

        return args[i].StartsWith(flag + "=", StringComparison.Ordinal) ? args[i][(flag.Length + 1)..] : null;
    }
}
