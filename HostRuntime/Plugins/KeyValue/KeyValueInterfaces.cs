using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Plugins.KeyValue;

/// <summary>
/// <c>wasi:keyvalue/{store,atomics,batch}@0.2.0-draft</c> in C#, for stores whose
/// <see cref="ComponentStore.Plugins"/> carry a <see cref="KeyValueBinding"/>. Every failure — a missing or forbidden
/// bucket, a JetStream error, a workload without a keyvalue entry — is returned as the WIT <c>error</c> variant.
/// </summary>
internal static unsafe class KeyValueInterfaces
{
    public const string Version = "0.2.0-draft";
    public const string Package = "wasi:keyvalue";

    public static readonly IReadOnlyList<string> Interfaces = ["store", "atomics", "batch"];

    public static void Define(HostLinker linker)
    {
        linker.DefineInterface($"{Package}/store@{Version}", i =>
        {
            i.Resource("bucket", PluginResourceTypes.KeyValueBucket);
            i.Function("open", Open);
            i.Function("[method]bucket.get", Get);
            i.Function("[method]bucket.set", Set);
            i.Function("[method]bucket.delete", Delete);
            i.Function("[method]bucket.exists", Exists);
            i.Function("[method]bucket.list-keys", ListKeys);
        });
        linker.DefineInterface($"{Package}/atomics@{Version}", i => i.Function("increment", Increment));
        linker.DefineInterface($"{Package}/batch@{Version}", i =>
        {
            i.Function("get-many", GetMany);
            i.Function("set-many", SetMany);
            i.Function("delete-many", DeleteMany);
        });
    }

    private static void Open(ref HostCall call)
    {
        var identifier = Vals.ReadString(call.Arg(0));
        if (!TryBinding(ref call, out var binding))
        {
            return;
        }

        try
        {
            var bucket = Blocking.Wait(binding.OpenAsync(identifier, call.Store.Interrupt), call.Store.Interrupt);
            ComponentVal handle = default;
            call.WriteOwn(&handle, PluginResourceTypes.KeyValueBucket, bucket);
            Vals.WriteOk(call.Result(), &handle);
        }
        catch (KeyValueException e)
        {
            WriteError(call.Result(), e);
        }
    }

    private static void Get(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var key = Vals.ReadString(call.Arg(1));
        Run(ref call, binding => binding.GetAsync(bucket, key, CancellationToken.None), (result, value) =>
        {
            ComponentVal option = default;
            if (value is null)
            {
                Vals.WriteNone(&option);
            }
            else
            {
                ComponentVal bytes = default;
                Vals.WriteBytes(&bytes, value);
                Vals.WriteSome(&option, &bytes);
            }

            Vals.WriteOk(result, &option);
        });
    }

    private static void Set(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var key = Vals.ReadString(call.Arg(1));
        var value = Vals.ReadBytes(call.Arg(2));
        Run(ref call, binding => binding.SetAsync(bucket, key, value, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static void Delete(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var key = Vals.ReadString(call.Arg(1));
        Run(ref call, binding => binding.DeleteAsync(bucket, key, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static void Exists(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var key = Vals.ReadString(call.Arg(1));
        Run(ref call, binding => binding.ExistsAsync(bucket, key, CancellationToken.None), (result, exists) =>
        {
            ComponentVal value = default;
            Vals.WriteBool(&value, exists);
            Vals.WriteOk(result, &value);
        });
    }

    private static void ListKeys(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var cursorValue = Vals.ReadOption(call.Arg(1));
        ulong? cursor = cursorValue is null ? null : Vals.ReadU64(cursorValue);
        Run(ref call, binding => binding.ListKeysAsync(bucket, cursor, CancellationToken.None), (result, page) =>
        {
            ComponentVal response = default;
            var fields = Vals.WriteRecord(&response, 2);
            var keys = Vals.WriteList(Vals.WriteField(&fields[0], "keys"u8), page.Keys.Count);
            for (var k = 0; k < page.Keys.Count; k++)
            {
                Vals.WriteString(&keys[k], page.Keys[k]);
            }

            var next = Vals.WriteField(&fields[1], "cursor"u8);
            if (page.Next is { } n)
            {
                ComponentVal number = default;
                Vals.WriteU64(&number, n);
                Vals.WriteSome(next, &number);
            }
            else
            {
                Vals.WriteNone(next);
            }

            Vals.WriteOk(result, &response);
        });
    }

    private static void Increment(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var key = Vals.ReadString(call.Arg(1));
        var delta = Vals.ReadU64(call.Arg(2));
        Run(ref call, binding => binding.IncrementAsync(bucket, key, delta, CancellationToken.None), (result, value) =>
        {
            ComponentVal number = default;
            Vals.WriteU64(&number, value);
            Vals.WriteOk(result, &number);
        });
    }

    private static void GetMany(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var keys = ReadStrings(call.Arg(1));
        Run(ref call, binding => binding.GetManyAsync(bucket, keys, CancellationToken.None), (result, values) =>
        {
            ComponentVal list = default;
            var elements = Vals.WriteList(&list, values.Length);
            for (var k = 0; k < values.Length; k++)
            {
                if (values[k] is not { } value)
                {
                    Vals.WriteNone(&elements[k]);
                    continue;
                }

                ComponentVal pair = default;
                var items = Vals.WriteTuple(&pair, 2);
                Vals.WriteString(&items[0], keys[k]);
                Vals.WriteBytes(&items[1], value);
                Vals.WriteSome(&elements[k], &pair);
            }

            Vals.WriteOk(result, &list);
        });
    }

    private static void SetMany(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var pairs = new List<(string Key, byte[] Value)>();
        foreach (ref var pair in Vals.ReadList(call.Arg(1)))
        {
            fixed (ComponentVal* tuple = &pair)
            {
                var items = Vals.ReadTuple(tuple);
                fixed (ComponentVal* item = items)
                {
                    pairs.Add((Vals.ReadString(&item[0]), Vals.ReadBytes(&item[1])));
                }
            }
        }

        Run(ref call, binding => binding.SetManyAsync(bucket, pairs, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static void DeleteMany(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var keys = ReadStrings(call.Arg(1));
        Run(ref call, binding => binding.DeleteManyAsync(bucket, keys, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static string[] ReadStrings(ComponentVal* list)
    {
        var elements = Vals.ReadList(list);
        var strings = new string[elements.Length];
        fixed (ComponentVal* element = elements)
        {
            for (var k = 0; k < strings.Length; k++)
            {
                strings[k] = Vals.ReadString(&element[k]);
            }
        }

        return strings;
    }

    /// <summary>
    /// Runs <paramref name="operation"/> (waiting on the guest's thread, within the store's deadline) and writes its
    /// value with <paramref name="write"/>, or the error variant.
    /// </summary>
    private static void Run<T>(ref HostCall call, Func<KeyValueBinding, Task<T>> operation, WriteResult<T> write)
    {
        if (!TryBinding(ref call, out var binding))
        {
            return;
        }

        try
        {
            // The store's interrupt cancels the wait; the NATS operation itself then finishes or fails on its own.
            var value = Blocking.Wait(operation(binding), call.Store.Interrupt);
            write(call.Result(), value);
        }
        catch (KeyValueException e)
        {
            WriteError(call.Result(), e);
        }
    }

    private static bool TryBinding(ref HostCall call, out KeyValueBinding binding)
    {
        if (call.Store.Plugins?.KeyValue is { } bound)
        {
            binding = bound;
            return true;
        }

        binding = null!;
        WriteError(call.Result(), new KeyValueException(KeyValueErrorKind.Other, "this workload declares no wasi:keyvalue host interface"));
        return false;
    }

    private static void WriteError(ComponentVal* result, KeyValueException error)
    {
        ComponentVal variant = default;
        switch (error.Kind)
        {
            case KeyValueErrorKind.NoSuchStore:
                Vals.WriteVariant(&variant, "no-such-store"u8);
                break;
            case KeyValueErrorKind.AccessDenied:
                Vals.WriteVariant(&variant, "access-denied"u8);
                break;
            default:
                ComponentVal message = default;
                Vals.WriteString(&message, error.Message);
                Vals.WriteVariant(&variant, "other"u8, &message);
                break;
        }

        Vals.WriteErr(result, &variant);
    }

    private delegate void WriteResult<in T>(ComponentVal* result, T value);
}
