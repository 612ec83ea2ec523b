using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel;

/// <summary>A host function: reads its arguments from <paramref name="call"/> and writes every result slot.</summary>
internal delegate void HostFunction(ref HostCall call);

/// <summary>
/// One call from the guest into a <see cref="HostFunction"/>. The argument values belong to Wasmtime and die when the
/// callback returns (copy what you keep); result slots start as <c>bool false</c> and are freed by Wasmtime, so write
/// them only with <see cref="Vals"/> and <see cref="ComponentStore.WriteOwn"/>. Resource arguments not read by the
/// function are released afterwards, so a forgotten borrow never traps.
/// </summary>
internal unsafe ref struct HostCall
{
    private readonly ComponentVal* _args;
    private readonly ComponentVal* _results;
    private ulong _consumed;

    internal HostCall(ComponentStore store, ComponentVal* args, int argCount, ComponentVal* results, int resultCount)
    {
        Store = store;
        _args = args;
        ArgCount = argCount;
        _results = results;
        ResultCount = resultCount;
    }

    public ComponentStore Store { get; }

    public int ArgCount { get; }

    public int ResultCount { get; }

    public readonly ComponentVal* Arg(int index) =>
        (uint)index < (uint)ArgCount ? _args + index : throw new InvalidOperationException($"argument {index} of {ArgCount} requested");

    public readonly ComponentVal* Result(int index = 0) =>
        (uint)index < (uint)ResultCount ? _results + index : throw new InvalidOperationException($"result {index} of {ResultCount} requested");

    /// <summary>The host state of the store, as the linker's functions expect it.</summary>
    public readonly T Host<T>()
        where T : class => Store.Host as T ?? throw new InvalidOperationException($"the store's host state is not a {typeof(T).Name}");

    /// <summary>The object behind a <c>borrow&lt;T&gt;</c> argument (the borrow ends here).</summary>
    public T Borrow<T>(int index)
        where T : class
    {
        MarkConsumed(index);
        var rep = Store.ReadRep(Arg(index), out var type);
        return Store.Resources.Get<T>(rep, type);
    }

    /// <summary>The object behind an <c>own&lt;T&gt;</c> argument, removed from the table: the host owns it now.</summary>
    public T Own<T>(int index)
        where T : class
    {
        MarkConsumed(index);
        var rep = Store.ReadRep(Arg(index), out var type);
        return Store.Resources.Take<T>(rep, type);
    }

    /// <summary>The object behind a resource handle nested inside an argument (an option, a result or a list).</summary>
    public readonly T BorrowNested<T>(ComponentVal* value)
        where T : class
    {
        var rep = Store.ReadRep(value, out var type);
        return Store.Resources.Get<T>(rep, type);
    }

    public readonly T OwnNested<T>(ComponentVal* value)
        where T : class
    {
        var rep = Store.ReadRep(value, out var type);
        return Store.Resources.Take<T>(rep, type);
    }

    /// <summary>Writes a new owned handle to <paramref name="resource"/> into <paramref name="value"/>.</summary>
    public readonly void WriteOwn(ComponentVal* value, uint type, object resource) => Store.WriteOwn(value, type, resource);

    /// <summary>Ends the borrows (and takes the owned handles) of top-level resource arguments the function ignored.</summary>
    internal void ReleaseUnread()
    {
        for (var i = 0; i < ArgCount && i < 64; i++)
        {
            if (_args[i].Kind == ComponentValKind.Resource && (_consumed & (1UL << i)) == 0)
            {
                _consumed |= 1UL << i;
                var owned = WasmtimeNative.ResourceAnyOwned((IntPtr)_args[i].Pointer);
                var rep = Store.ReadRep(_args + i, out _);
                if (owned)
                {
                    // An own we ignore is ours to drop; a borrow only had to be ended.
                    Store.Resources.Drop(rep);
                }
            }
        }
    }

    private void MarkConsumed(int index)
    {
        if (index < 64)
        {
            _consumed |= 1UL << index;
        }
    }
}
