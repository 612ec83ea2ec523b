namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>What a host answered; <see cref="Status"/> is 0 when nothing answered (then <see cref="Body"/> says why).</summary>
public sealed record HttpAnswer(int Status, string Body)
{
    public bool IsOk => Status == 200;

    public override string ToString() => Status == 0 ? $"no answer ({Body})" : $"{Status} {Body.TrimEnd()}";
}
