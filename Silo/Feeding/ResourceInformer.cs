using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Silo.Feeding;

/// <summary>
/// List-then-watch of one kind (in one namespace, or all): hands every change to a handler exactly once and in
/// order, resumes a watch from the last resourceVersion seen, and relists on 410 Gone, turning objects that
/// vanished meanwhile into synthetic deletes.
/// </summary>
public sealed partial class ResourceInformer
{
    // A watch that closes this soon without a single event is treated as a failure, so a server that keeps
    // closing at once is not hammered in a tight loop.
    private static readonly TimeSpan s_minimumHealthyWatch = TimeSpan.FromSeconds(1);

    private readonly IResourceWatchSource _source;
    private readonly IResourceEventHandler _handler;
    private readonly FeederOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, KubeObject> _known = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lastResourceVersion;
    private int _listCount;
    private int _watchCount;

    public ResourceInformer(
        KubeKind kind,
        string? @namespace,
        IResourceWatchSource source,
        IResourceEventHandler handler,
        FeederOptions options,
        TimeProvider time,
        ILogger<ResourceInformer> logger)
    {
        Kind = kind;
        Namespace = @namespace;
        _source = source;
        _handler = handler;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public KubeKind Kind { get; }

    /// <summary>The namespace watched; null for all.</summary>
    public string? Namespace { get; }

    /// <summary>Completes once the first list has been handed to the handler.</summary>
    public Task Synced => _synced.Task;

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string? LastResourceVersion => Volatile.Read(ref _lastResourceVersion);

    /// <summary>How many lists were made (1 plus the relists).</summary>
    public int ListCount => Volatile.Read(ref _listCount);

    /// <summary>How many watches were opened.</summary>
    public int WatchCount => Volatile.Read(ref _watchCount);

    private string Scope => Namespace ?? "*";

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; never throws otherwise.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        var attempt = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (needList)
                    {
                        await ListAsync(cancellationToken);
                        needList = false;
                        _synced.TrySetResult();
                    }

                    if (await WatchAsync(cancellationToken))
                    {
                        attempt = 0;
                        Log.WatchEnded(_logger, Kind.Kind, Scope, LastResourceVersion);
                    }
                    else
                    {
                        attempt++;
                        await PauseAsync(attempt, cancellationToken);
                    }
                }
                catch (ResourceExpiredException ex)
                {
                    Log.Expired(_logger, Kind.Kind, Scope, LastResourceVersion, ex.Message);
                    needList = true;
                    // A 410 right after a fresh list means the history is churning faster than we read: slow down.
                    attempt++;
                    if (attempt > 1)
                    {
                        await PauseAsync(attempt, cancellationToken);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    attempt++;
                    var delay = Backoff.Delay(attempt, _options.InitialBackoff, _options.MaxBackoff);
                    Log.Failed(_logger, ex, Kind.Kind, Scope, attempt, delay);
                    await Task.Delay(delay, _time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _synced.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : default);
        }
    }

    private async Task PauseAsync(int attempt, CancellationToken cancellationToken) =>
        await Task.Delay(Backoff.Delay(attempt, _options.InitialBackoff, _options.MaxBackoff), _time, cancellationToken);

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var list = await _source.ListAsync(Kind, Namespace, cancellationToken);
        Interlocked.Increment(ref _listCount);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            present.Add(item.Key);
            await ApplyAsync(new WatchEvent(WatchEventType.Added, item, item.Metadata.ResourceVersion ?? ""), cancellationToken);
        }

        var vanished = _known.Keys.Where(key => !present.Contains(key)).Order(StringComparer.Ordinal).ToList();
        foreach (var key in vanished)
        {
            await _handler.HandleAsync(new ResourceEvent(WatchEventType.Deleted, _known[key], Synthetic: true), cancellationToken);
            _known.Remove(key);
        }

        Volatile.Write(ref _lastResourceVersion, list.ResourceVersion);
        Log.Listed(_logger, Kind.Kind, Scope, list.Items.Count, vanished.Count, list.ResourceVersion);
    }

    /// <summary>Returns false when the watch ended suspiciously fast and empty.</summary>
    private async Task<bool> WatchAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var received = 0;
        Interlocked.Increment(ref _watchCount);
        await foreach (var change in _source.WatchAsync(Kind, Namespace, LastResourceVersion ?? "", cancellationToken))
        {
            received++;
            if (change.Type != WatchEventType.Bookmark)
            {
                await ApplyAsync(change, cancellationToken);
            }

            // Only after the handler took it: a failure above resumes from before this event.
            if (!string.IsNullOrEmpty(change.ResourceVersion))
            {
                Volatile.Write(ref _lastResourceVersion, change.ResourceVersion);
            }
        }

        return received > 0 || _time.GetElapsedTime(started) >= s_minimumHealthyWatch;
    }

    private async ValueTask ApplyAsync(WatchEvent change, CancellationToken cancellationToken)
    {
        var obj = change.Object ?? throw new InvalidOperationException($"{change.Type} event without an object");
        var key = obj.Key;
        var known = _known.GetValueOrDefault(key);
        if (change.Type == WatchEventType.Deleted)
        {
            if (known is not null)
            {
                await _handler.HandleAsync(new ResourceEvent(WatchEventType.Deleted, obj), cancellationToken);
                _known.Remove(key);
            }

            return;
        }

        if (known is null)
        {
            await _handler.HandleAsync(new ResourceEvent(WatchEventType.Added, obj), cancellationToken);
        }
        else if (known.Metadata.ResourceVersion == obj.Metadata.ResourceVersion)
        {
            // Already handed on: a relist of an unchanged object, or a replayed event.
            return;
        }
        else if (known.Metadata.Uid is { } knownUid && obj.Metadata.Uid is { } uid && knownUid != uid)
        {
            // Deleted and re-created under the same name while we were not watching.
            await _handler.HandleAsync(new ResourceEvent(WatchEventType.Deleted, known, Synthetic: true), cancellationToken);
            await _handler.HandleAsync(new ResourceEvent(WatchEventType.Added, obj), cancellationToken);
        }
        else
        {
            await _handler.HandleAsync(new ResourceEvent(WatchEventType.Modified, obj), cancellationToken);
        }

        _known[key] = obj;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Listed {Kind} in {Namespace}: {Count} objects, {Vanished} vanished, watching from {ResourceVersion}")]
        public static partial void Listed(ILogger logger, string kind, string @namespace, int count, int vanished, string resourceVersion);

        [LoggerMessage(2, LogLevel.Debug, "Watch of {Kind} in {Namespace} ended; resuming from {ResourceVersion}")]
        public static partial void WatchEnded(ILogger logger, string kind, string @namespace, string? resourceVersion);

        [LoggerMessage(3, LogLevel.Information, "Watch of {Kind} in {Namespace} expired at {ResourceVersion} ({Reason}); listing again")]
        public static partial void Expired(ILogger logger, string kind, string @namespace, string? resourceVersion, string reason);

        [LoggerMessage(4, LogLevel.Warning, "Watch of {Kind} in {Namespace} failed (attempt {Attempt}); reconnecting in {Delay}")]
        public static partial void Failed(ILogger logger, Exception exception, string kind, string @namespace, int attempt, TimeSpan delay);
    }
}
