using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Abstractions.State;
using Wasmcloud.Grains.Options;
using Wasmcloud.Grains.Telemetry;

namespace Wasmcloud.Grains.Reconciliation;

/// <summary>
/// The loop every object grain shares. The grain keeps the latest observed object (a cache of the API server,
/// rebuilt on activation), runs its reconcile pass, and decides when to run again: a one-shot timer with
/// exponential backoff after errors, the reminder when steady. Handlers are idempotent because reminders may
/// fire twice or not at all.
/// </summary>
public abstract partial class ReconcilerGrain<T> : Grain, IRemindable where T : KubeObject
{
    private const string ReminderName = "reconcile";
    private const int DecisionHistory = 25;

    private readonly LinkedList<Decision> _decisions = new();
    private IGrainTimer? _timer;
    private DateTimeOffset? _nextRunAt;
    private DateTimeOffset? _lastReconciledAt;
    private string? _lastError;
    private bool _reminderRegistered;
    private int _reminderAttempts;
    private OperatorMetrics? _metrics;

    protected ReconcilerGrain(IResourceStore store, OperatorClock clock, IOptions<OperatorOptions> options, ILogger logger)
    {
        Store = store;
        Clock = clock;
        Options = options.Value;
        Logger = logger;
    }

    protected IResourceStore Store { get; }

    protected OperatorClock Clock { get; }

    protected OperatorOptions Options { get; }

    protected ILogger Logger { get; }

    /// <summary>The latest version of the object this grain has seen; null when it does not exist.</summary>
    protected T? Observed { get; set; }

    protected int FailedAttempts { get; private set; }

    /// <summary>Resolved on first use rather than injected, so every grain kind shares it without a constructor change.</summary>
    protected OperatorMetrics? Metrics => _metrics ??= ServiceProvider.GetService<OperatorMetrics>();

    protected string Key => this.GetPrimaryKeyString();

    protected abstract TimeSpan SteadyInterval { get; }

    protected abstract Task<ReconcileResult> ReconcileAsync(T observed, CancellationToken cancellationToken);

    /// <summary>Reads the object from the store; the default resolves the "namespace/name" key.</summary>
    protected virtual Task<T?> LoadAsync(CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKey.Parse(Key);
        return Store.GetAsync<T>(ns, name, cancellationToken);
    }

    protected virtual IReadOnlyList<string> Children => [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Observed = await LoadAsync(cancellationToken);
        if (Observed is not null)
        {
            ScheduleReconcile(TimeSpan.Zero);
        }
    }

    /// <summary>Takes a newer version of the object from the feeder and reconciles soon.</summary>
    protected Task AcceptAsync(T incoming)
    {
        if (Observed is null || IsNewer(incoming, Observed))
        {
            Observed = incoming;
            ScheduleReconcile(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    /// <summary>The object is gone: stop every schedule and (unless <paramref name="deactivate"/> is false) let the activation go.</summary>
    protected async Task ForgetAsync(bool deactivate = true)
    {
        Observed = null;
        Census?.Clear(Key);
        _timer?.Dispose();
        _timer = null;
        _nextRunAt = null;
        if (_reminderRegistered || await this.GetReminder(ReminderName) is not null)
        {
            var reminder = await this.GetReminder(ReminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderRegistered = false;
        }

        if (deactivate)
        {
            DeactivateOnIdle();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Another activation (here or on another silo) counts the object from now on.
        Census?.Clear(Key);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => RunAsync(CancellationToken.None);

    private StateCensus? Census => Metrics?.CensusOf(typeof(T));

    /// <summary>What this object is counted as in its kind's census (workloads by state, hosts by readiness); null: not counted.</summary>
    protected virtual string? CensusState => null;

    /// <summary>Asks for a pass after <paramref name="delay"/>, unless one is already due sooner.</summary>
    protected void ScheduleReconcile(TimeSpan delay)
    {
        var due = Clock.Now + delay;
        if (_nextRunAt is { } pending && pending <= due && _timer is not null)
        {
            return;
        }

        _nextRunAt = due;
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        _nextRunAt = null;
        Observed ??= await LoadAsync(cancellationToken);
        if (Observed is null)
        {
            await ForgetAsync();
            return;
        }

        var reminderRegistered = await TryEnsureReminderAsync();
        ReconcileResult result;
        var started = Stopwatch.GetTimestamp();
        var outcome = ReconcileOutcomes.Error;
        try
        {
            result = await ReconcileAsync(Observed, cancellationToken);
            _lastError = result.Next == ReconcileNext.Backoff ? result.Reason : null;
            outcome = result.Next == ReconcileNext.Backoff ? ReconcileOutcomes.Retry : ReconcileOutcomes.Success;
        }
        catch (ResourceConflictException)
        {
            // Someone wrote the object since we read it: start over from a fresh read.
            outcome = ReconcileOutcomes.Conflict;
            Observed = await LoadAsync(cancellationToken);
            result = ReconcileResult.Retry("conflict writing the object; retrying from a fresh read");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReconcileFailed(Logger, typeof(T).Name, Key, ex);
            _lastError = ex.Message;
            result = ReconcileResult.Retry(ex.Message);
        }
        finally
        {
            Metrics?.RecordReconcile(typeof(T).Name, outcome, Stopwatch.GetElapsedTime(started));
        }

        if (CensusState is { } state)
        {
            Census?.Set(Key, state);
        }

        _lastReconciledAt = Clock.Now;
        switch (result.Next)
        {
            case ReconcileNext.Done:
                FailedAttempts = 0;
                break;
            case ReconcileNext.After:
                FailedAttempts = 0;
                ScheduleReconcile(result.Delay);
                break;
            case ReconcileNext.Backoff:
                var delay = Backoff.Delay(FailedAttempts, Options.RetryBaseDelay, Options.RetryMaxDelay);
                FailedAttempts++;
                ScheduleReconcile(delay);
                break;
        }

        if (!reminderRegistered)
        {
            // Without its reminder nothing would wake this grain again once it goes idle: try again soon.
            ScheduleReconcile(Backoff.Delay(_reminderAttempts++, Options.RetryBaseDelay, Options.RetryMaxDelay));
        }
    }

    /// <summary>
    /// Registers the steady-state reminder once per activation. The reminder table may be briefly unavailable (it is
    /// remote in Kubernetes mode); that must not stop this pass, so a failure is logged and retried on the next one.
    /// </summary>
    private async Task<bool> TryEnsureReminderAsync()
    {
        if (_reminderRegistered)
        {
            return true;
        }

        try
        {
            await this.RegisterOrUpdateReminder(ReminderName, SteadyInterval, SteadyInterval);
            _reminderRegistered = true;
            _reminderAttempts = 0;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReminderRegistrationFailed(Logger, typeof(T).Name, Key, ex);
            return false;
        }
    }

    /// <summary>
    /// Writes a changed status and keeps the stored version as the observed one. Status is this grain's alone, so a
    /// 409 (the object changed meanwhile, say a label) is answered by putting the same status onto a fresh read:
    /// dropping it could forget a start that already happened.
    /// </summary>
    protected async Task<T> WriteStatusIfChangedAsync(T before, T after, Func<T, object?> status, CancellationToken cancellationToken)
    {
        if (JsonEquals(status(before), status(after)))
        {
            return before;
        }

        T? stored;
        try
        {
            stored = await Store.UpdateStatusAsync(after, cancellationToken);
        }
        catch (ResourceConflictException)
        {
            stored = await Store.MutateAsync<T>(after.Namespace, after.Name, fresh =>
            {
                CopyStatus(after, fresh);
                return true;
            }, status: true, cancellationToken);
        }

        Observed = stored ?? Observed;
        return stored ?? after;
    }

    /// <summary>Copies the status part of <paramref name="from"/> onto <paramref name="to"/>.</summary>
    protected abstract void CopyStatus(T from, T to);

    protected async Task<T> WriteAsync(T changed, CancellationToken cancellationToken)
    {
        var stored = await Store.UpdateAsync(changed, cancellationToken);
        Observed = stored;
        return stored;
    }

    /// <summary>Adds <paramref name="finalizer"/> if the object lacks it; returns the object as stored.</summary>
    protected async Task<T> EnsureFinalizerAsync(T obj, string finalizer, CancellationToken cancellationToken)
    {
        if (obj.Metadata.HasFinalizer(finalizer))
        {
            return obj;
        }

        var withFinalizer = Clone(obj);
        (withFinalizer.Metadata.Finalizers ??= []).Add(finalizer);
        return await WriteAsync(withFinalizer, cancellationToken);
    }

    /// <summary>Removes <paramref name="finalizer"/> so deletion can complete; an object already gone is fine.</summary>
    protected async Task ReleaseFinalizerAsync(T obj, string finalizer, CancellationToken cancellationToken)
    {
        if (!obj.Metadata.HasFinalizer(finalizer))
        {
            return;
        }

        var released = Clone(obj);
        released.Metadata.Finalizers!.Remove(finalizer);
        try
        {
            await WriteAsync(released, cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
        }
    }

    protected void RecordDecision(string reason, string message)
    {
        _decisions.AddFirst(new Decision(Clock.Now, reason, message));
        if (_decisions.Count > DecisionHistory)
        {
            _decisions.RemoveLast();
        }
    }

    /// <summary>Emits a Kubernetes Event; events are best effort and never fail a pass.</summary>
    protected async Task EmitEventAsync(KubeObject about, string type, string reason, string message, string? action = null)
    {
        RecordDecision(reason, message);
        try
        {
            await Store.RecordEventAsync(about, type, reason, message, action);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogEventFailed(Logger, reason, Key, ex);
        }
    }

    protected Condition NewCondition(T obj, string type, string status, string reason, string? message = null) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        ObservedGeneration = obj.Metadata.Generation,
    };

    protected Condition Available(T obj, string type, string? message = null) =>
        NewCondition(obj, type, ConditionStatus.True, Reasons.Available, message);

    public Task<ReconcilerSnapshot> GetState() => Task.FromResult(new ReconcilerSnapshot
    {
        Kind = typeof(T).Name,
        Key = Key,
        Object = Observed is null ? null : ModelJson.CloneObject(Observed),
        LastReconciledAt = _lastReconciledAt,
        FailedAttempts = FailedAttempts,
        NextRetryAt = _nextRunAt,
        LastError = _lastError,
        Decisions = [.. _decisions],
        Children = Children,
    });

    protected static bool JsonEquals(object? a, object? b) =>
        JsonSerializer.Serialize(a, ModelJson.Options) == JsonSerializer.Serialize(b, ModelJson.Options);

    protected static TObject Clone<TObject>(TObject value) where TObject : class => ModelJson.Clone(value);

    private static bool IsNewer(KubeObject incoming, KubeObject current)
    {
        var a = incoming.Metadata.ResourceVersion;
        var b = current.Metadata.ResourceVersion;
        if (a == b)
        {
            return false;
        }

        // resourceVersions are opaque in general, but the API server and our store issue increasing integers;
        // comparing them drops a late echo of a write we already hold.
        return !long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var x)
            || !long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || x > y;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Reconciling {Kind} {Key} failed; retrying with backoff")]
    private static partial void LogReconcileFailed(ILogger logger, string kind, string key, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Registering the reconcile reminder of {Kind} {Key} failed; reconciling anyway and trying again")]
    private static partial void LogReminderRegistrationFailed(ILogger logger, string kind, string key, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Recording event {Reason} for {Key} failed")]
    private static partial void LogEventFailed(ILogger logger, string reason, string key, Exception exception);
}
