using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Plugins.Extensions;

namespace Wasmcloud.HostRuntime.Hosting.Internal;

/// <summary>The one log line an operator looks for when a host pod starts.</summary>
internal sealed partial class StartupReport(HostIdentity identity, ExtensionPlugins plugins, ILogger<StartupReport> logger)
{
    public void Report(HostRuntimeOptions options)
    {
        var scheduler = WithoutCredentials(options.SchedulerNatsUrl);
        var data = WithoutCredentials(options.DataNatsUrl);
        LogIdentity(identity.HostId, identity.FriendlyName, identity.Hostname, options.HostGroup, identity.Environment, scheduler, data);
        foreach (var plugin in plugins.Plugins)
        {
            var interfaces = string.Join(", ", plugin.Interfaces.Select(i => i.Name));
            LogPlugin(plugin.Id, interfaces, plugin.SourcePath);
        }

        if (options.WasmProposals.Count > 0)
        {
            var proposals = string.Join(", ", options.WasmProposals.Select(WasmProposalNames.NameOf));
            LogWasmProposals(proposals);
        }

        if (options.HttpTls.Enabled)
        {
            var clientCertificates = string.IsNullOrEmpty(options.HttpTls.ClientCaPath) ? "not required" : $"required, issued by {options.HttpTls.ClientCaPath}";
            LogHttpTls(options.HttpTls.CertPath!, clientCertificates);
        }

        if (options.IgnoredFlags.Count > 0)
        {
            LogIgnoredFlags(string.Join(", ", options.IgnoredFlags));
        }
    }

    /// <summary>A NATS URL may carry a user and password (<c>nats://user:pass@host</c>); the log gets neither.</summary>
    internal static string WithoutCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : url;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Host {HostId} ({FriendlyName}) on {Hostname}, group {HostGroup}, environment '{Environment}', scheduler NATS {NatsUrl}, data NATS {DataNatsUrl}")]
    private partial void LogIdentity(string hostId, string friendlyName, string hostname, string hostGroup, string environment, string natsUrl, string dataNatsUrl);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Host plugin {PluginId} provides {Interfaces} (from {Path})")]
    private partial void LogPlugin(string pluginId, string interfaces, string path);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Wasm proposals switched on: {Proposals}")]
    private partial void LogWasmProposals(string proposals);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "HTTP ingress serves TLS with {CertificatePath}; client certificates {ClientCertificates}")]
    private partial void LogHttpTls(string certificatePath, string clientCertificates);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Accepted but not implemented yet: {Flags}")]
    private partial void LogIgnoredFlags(string flags);
}
