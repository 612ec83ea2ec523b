using System.Reflection;

namespace Wasmcloud.Silo.Tests.Feeding;

/// <summary>One call a grain reference received.</summary>
internal sealed record RecordedGrainCall(string Grain, string Key, string Method, object?[] Arguments)
{
    public override string ToString() => $"{Grain}({Key}).{Method}";
}

/// <summary>
/// An <see cref="IGrainFactory"/> whose string-keyed grain references record their calls and run a
/// test-supplied behaviour, so routing, ordering and retries can be checked without a cluster.
/// </summary>
internal sealed class FakeGrainFactory
{
    private readonly Lock _lock = new();
    private readonly List<RecordedGrainCall> _calls = [];

    public FakeGrainFactory()
    {
        var factory = DispatchProxy.Create<IGrainFactory, FactoryProxy>();
        ((FactoryProxy)(object)factory).Owner = this;
        Factory = factory;
    }

    public IGrainFactory Factory { get; }

    /// <summary>Runs for each call after it is recorded; may throw or hold the call.</summary>
    public Func<RecordedGrainCall, Task> Behavior { get; set; } = _ => Task.CompletedTask;

    public IReadOnlyList<RecordedGrainCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<string> CallNames => Calls.Select(c => c.ToString()).ToList();

    internal Task Receive(RecordedGrainCall call)
    {
        lock (_lock)
        {
            _calls.Add(call);
        }

        return Behavior(call);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1852", Justification = "DispatchProxy derives from it.")]
    public class FactoryProxy : DispatchProxy
    {
        internal FakeGrainFactory Owner { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod is { Name: "GetGrain", IsGenericMethod: true } && args is [string key, ..])
            {
                var grainType = targetMethod.ReturnType;
                var grain = (GrainProxy)Create(grainType, typeof(GrainProxy));
                grain.Owner = Owner;
                grain.Grain = grainType.Name;
                grain.Key = key;
                return grain;
            }

            throw new NotSupportedException($"{targetMethod?.Name} is not faked");
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1852", Justification = "DispatchProxy derives from it.")]
    public class GrainProxy : DispatchProxy
    {
        internal FakeGrainFactory Owner { get; set; } = null!;

        internal string Grain { get; set; } = "";

        internal string Key { get; set; } = "";

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            Owner.Receive(new RecordedGrainCall(Grain, Key, targetMethod!.Name, args ?? []));
    }
}
