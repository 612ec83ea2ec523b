namespace Wasmcloud.Silo.Feeding;

/// <summary>One grain call a change turns into; <see cref="Target"/> names it in logs.</summary>
public sealed record GrainCall(string Target, Func<Task> Invoke);
