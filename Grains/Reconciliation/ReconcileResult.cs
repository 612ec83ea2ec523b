namespace Wasmcloud.Grains.Reconciliation;

/// <summary>What a reconcile pass asks for next.</summary>
public readonly record struct ReconcileResult(ReconcileNext Next, TimeSpan Delay = default, string? Reason = null)
{
    /// <summary>Converged: the steady reminder is enough.</summary>
    public static ReconcileResult Done => new(ReconcileNext.Done);

    /// <summary>Something failed or is not there yet: retry with exponential backoff.</summary>
    public static ReconcileResult Retry(string reason) => new(ReconcileNext.Backoff, Reason: reason);

    /// <summary>Progressing normally (for example a workload still starting): look again after <paramref name="delay"/>.</summary>
    public static ReconcileResult After(TimeSpan delay) => new(ReconcileNext.After, delay);

    /// <summary>Run again at once: a known cause (host lost, start refused) needs a new decision now.</summary>
    public static ReconcileResult Immediately => new(ReconcileNext.After, TimeSpan.Zero);
}

public enum ReconcileNext
{
    Done,
    Backoff,
    After,
}
