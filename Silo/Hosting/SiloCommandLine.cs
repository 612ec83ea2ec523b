namespace Wasmcloud.Silo.Hosting;

/// <summary>
/// Turns the friendly flags into configuration keys: <c>--standalone</c> (a bare switch the configuration
/// command-line provider cannot read) and <c>--manifests &lt;folder&gt;</c>.
/// </summary>
public static class SiloCommandLine
{
    public const string StandaloneEnabledKey = "Standalone:Enabled";
    public const string ManifestsPathKey = "Standalone:ManifestsPath";

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
            else
            {
                normalized.Add(arg);
            }
        }

        return [.. normalized];
    }
}
