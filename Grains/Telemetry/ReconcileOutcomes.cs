namespace Wasmcloud.Grains.Telemetry;

/// <summary>The <c>result</c> tag of a reconcile pass.</summary>
public static class ReconcileOutcomes
{
    /// <summary>The pass finished; the object is as desired or waits for its next scheduled pass.</summary>
    public const string Success = "success";

    /// <summary>The pass asked to run again with backoff (nothing fits yet, a host refused, …).</summary>
    public const string Retry = "retry";

    /// <summary>A write met a newer version of the object (409); retried from a fresh read.</summary>
    public const string Conflict = "conflict";

    /// <summary>The pass threw.</summary>
    public const string Error = "error";
}
