namespace Wasmcloud.TestInfrastructure;

/// <summary>Polls a condition until it holds or a deadline passes: the honest alternative to sleeping in a test.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> Until<T>(Func<Task<T?>> probe, Func<T?, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        T? last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (done(last))
            {
                return last!;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"timed out waiting for {what}; last seen: {Describe(last)}");
    }

    public static Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Until(async () => await condition(), ok => ok, what, timeout);

    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), ok => ok, what, timeout);

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        System.Collections.IEnumerable list and not string => $"[{string.Join(", ", list.Cast<object?>().Select(o => o?.ToString()))}]",
        _ => value.ToString() ?? "",
    };
}
