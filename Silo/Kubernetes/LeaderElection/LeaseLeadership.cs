using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Hosting;

namespace Wasmcloud.Silo.Kubernetes.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io Lease in the operator namespace. A silo that loses the Lease stops the
/// process, as controller-runtime does: its feeder's view may be stale, and the new leader relists from scratch.
/// The Lease changes hands sooner than it expires when that is safe (<c>LeaseLeadership.Handover.cs</c>): a leader that
/// stops releases it, and a survivor takes it from a leader Orleans has declared dead.
/// </summary>
public sealed partial class LeaseLeadership : BackgroundService, ILeadership
{
    private readonly IKubernetes _client;
    private readonly LeaseLeadershipOptions _options;
    private readonly string _namespace;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServiceProvider _services;
    private readonly ILogger<LeaseLeadership> _logger;
    private readonly TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LeaseLeadership(
        IKubernetes client,
        IOptions<LeaseLeadershipOptions> options,
        IOptions<OperatorOptions> operatorOptions,
        IHostApplicationLifetime lifetime,
        IServiceProvider services,
        ILogger<LeaseLeadership> logger)
    {
        _client = client;
        _options = options.Value;
        _namespace = operatorOptions.Value.Namespace;
        _lifetime = lifetime;
        _services = services;
        _logger = logger;
        Identity = _options.Identity
            ?? Environment.GetEnvironmentVariable("POD_NAME")
            ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    public string Identity { get; }

    public bool IsLeading => _leading.Task.IsCompletedSuccessfully;

    public Task WhenLeadingAsync(CancellationToken cancellationToken) => _leading.Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = new LeaseLock(_client, _namespace, _options.LeaseName, Identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(lease)
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        });
        elector.OnStartedLeading += () =>
        {
            LogLeading(_logger, Identity, _options.LeaseName);
            _leading.TrySetResult();
        };
        elector.OnStoppedLeading += () =>
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                LogLostLease(_logger, Identity, _options.LeaseName);
                _lifetime.StopApplication();
            }
        };
        elector.OnNewLeader += leader => LogNewLeader(_logger, leader);
        var takeovers = TakeOverFromDeadLeadersAsync(stoppingToken);
        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await takeovers;
        if (IsLeading)
        {
            await ReleaseAsync();
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "{Identity} leads through Lease {Lease}")]
    private static partial void LogLeading(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "{Identity} lost Lease {Lease}; stopping so a fresh process can follow the new leader")]
    private static partial void LogLostLease(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 902, Level = LogLevel.Information, Message = "The control plane is led by {Leader}")]
    private static partial void LogNewLeader(ILogger logger, string leader);
}
