namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// The warm instances of one component (<see cref="InstancePolicy"/>): at most <see cref="InstancePolicy.WarmCapacity"/>
/// (<c>poolSize</c> × <c>maxConcurrency</c>) exist, each lent to one call at a time. Idle instances are lent most recently used first, so a lightly loaded workload keeps reusing
/// the instance whose memory and caches are warm. Instances are made on demand by the first call that finds the pool
/// below its size, and leave when a call retires them: after <c>maxInvocations</c> calls, or when the call did not end
/// cleanly (a trap, the deadline, the memory limit, cancellation, or guest state left over from the request).
/// </summary>
internal sealed class WarmInstancePool : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Stack<WarmInstance> _idle = new();
    private readonly int _size;
    private readonly int _maxInvocations;
    private int _live;
    private int _created;
    private int _retired;
    private bool _disposed;

    public WarmInstancePool(InstancePolicy policy)
    {
        if (!policy.IsPooled)
        {
            throw new ArgumentException("an ephemeral policy has no pool", nameof(policy));
        }

        _size = policy.WarmCapacity;
        _maxInvocations = policy.MaxInvocations;
    }

    /// <summary>Instances that exist now, idle or serving a call.</summary>
    public int Live
    {
        get
        {
            lock (_lock)
            {
                return _live;
            }
        }
    }

    /// <summary>Instances waiting for a call (for tests).</summary>
    public int Idle
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>Instances made so far (for tests and benchmarks).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Instances retired so far, worn out or discarded after a failed call.</summary>
    public int Retired => Volatile.Read(ref _retired);

    /// <summary>
    /// An idle instance for one call, or the right to add one (true with a null <paramref name="instance"/>: make it
    /// and hand it to <see cref="Return"/> or <see cref="Abandon"/>). False when every instance is busy and the pool is
    /// full, or it is disposed: the caller serves the call with a one-shot store.
    /// </summary>
    public bool TryRent(out WarmInstance? instance)
    {
        lock (_lock)
        {
            instance = null;
            if (_disposed)
            {
                return false;
            }

            if (_idle.TryPop(out instance))
            {
                return true;
            }

            if (_live < _size)
            {
                _live++;
                _created++;
                return true;
            }

            return false;
        }
    }

    /// <summary>
    /// Ends a call on <paramref name="instance"/>. It goes back to the pool only if <paramref name="reusable"/> (the call
    /// ended cleanly and left nothing of the request behind) and it has calls left; otherwise its store is disposed.
    /// </summary>
    public void Return(WarmInstance instance, bool reusable)
    {
        var keep = reusable && (_maxInvocations == 0 || instance.Invocations < _maxInvocations);
        lock (_lock)
        {
            if (keep && !_disposed)
            {
                _idle.Push(instance);
                return;
            }

            _live--;
            _retired++;
        }

        instance.Store.Dispose();
    }

    /// <summary>Adds an instance made elsewhere (the one that proved the component instantiates), if there is room.</summary>
    public bool TryAdd(WarmInstance instance)
    {
        lock (_lock)
        {
            if (_disposed || _live >= _size)
            {
                return false;
            }

            _live++;
            _created++;
            _idle.Push(instance);
            return true;
        }
    }

    /// <summary>Gives back the right to add an instance, when making it failed.</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            _live--;
        }
    }

    /// <summary>Disposes the idle instances; instances serving a call are disposed when they come back.</summary>
    public void Dispose()
    {
        WarmInstance[] idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
            _live -= idle.Length;
        }

        foreach (var instance in idle)
        {
            instance.Store.Dispose();
        }
    }
}
