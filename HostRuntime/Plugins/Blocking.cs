namespace Wasmcloud.HostRuntime.Plugins;

/// <summary>
/// Plugin host functions are synchronous (the guest waits on the store's thread, a dedicated guest thread) while
/// NATS.Net is asynchronous: these wait for the operation, giving up when the store is interrupted (deadline, client
/// gone, workload stopping), which then traps the guest as any interrupted host call does.
/// </summary>
internal static class Blocking
{
    public static T Wait<T>(Task<T> task, CancellationToken interrupt) => task.WaitAsync(interrupt).GetAwaiter().GetResult();

    public static void Wait(Task task, CancellationToken interrupt) => task.WaitAsync(interrupt).GetAwaiter().GetResult();
}
