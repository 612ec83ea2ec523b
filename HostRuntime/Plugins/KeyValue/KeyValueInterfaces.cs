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
        linker.DefineInterface($"{Package}/store@{Version}", i => DefineStore(i, label: null));
        linker.DefineInterface($"{Package}/atomics@{Version}", DefineAtomics);
        linker.DefineInterface($"{Package}/batch@{Version}", DefineBatch);
    }

    /// <summary>
    /// The instance a component imports under <paramref name="label"/>, the name of a <c>hostInterfaces</c> entry
    /// (<c>import cache: wasi:keyvalue/store@0.2.0-draft;</c>): <c>open</c> opens that entry's buckets. Every function
    /// of the package is defined, since a plain label import does not say which interface it is; Wasmtime ignores the
    /// ones the import does not name. Buckets are the same resource type as the unnamed store's and carry their entry,
    /// so atomics and batch calls on them reach the right backend whichever instance they come through.
    /// </summary>
    public static void DefineNamed(HostLinker linker, string label) =>
        linker.DefineInterface(label, i =>
        {
            DefineStore(i, label);
            DefineAtomics(i);
            DefineBatch(i);
        });

    private static void DefineStore(HostLinker.InterfaceDefinition i, string? label)
    {
        i.Resource("bucket", PluginResourceTypes.KeyValueBucket);
        i.Function("open", (ref HostCall call) => Open(ref call, label));
        i.Function("[method]bucket.get", Get);
        i.Function("[method]bucket.set", Set);
        i.Function("[method]bucket.delete", Delete);
        i.Function("[method]bucket.exists", Exists);
        i.Function("[method]bucket.list-keys", ListKeys);
    }

    private static void DefineAtomics(HostLinker.InterfaceDefinition i) => i.Function("increment", Increment);

    private static void DefineBatch(HostLinker.InterfaceDefinition i)
    {
        i.Function("get-many", GetMany);
        i.Function("set-many", SetMany);
        i.Function("delete-many", DeleteMany);
    }

    /// <summary><c>open</c>: the bucket through the unnamed entry's binding, or the binding of the entry named <paramref name="label"/>.</summary>
    private static void Open(ref HostCall call, string? label)
    {
        var identifier = Vals.ReadString(call.Arg(0));
        var store = call.Store;
        var binding = label is null ? store.Plugins?.KeyValue : store.Plugins?.NamedKeyValue.GetValueOrDefault(label);
        if (binding is null)
        {
            var missing = label is null ? "this workload declares no wasi:keyvalue host interface" : $"this workload declares no wasi:keyvalue host interface named '{label}'";
            WriteError(call.Result(), new KeyValueException(KeyValueErrorKind.Other, missing));
            return;
        }

        Run(ref call, () => binding.OpenAsync(identifier, store.Interrupt), (result, bucket) =>
        {
            ComponentVal handle = default;
            store.WriteOwn(&handle, PluginResourceTypes.KeyValueBucket, bucket);
            Vals.WriteOk(result, &handle);
        });
    }

    private static void Get(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var key = Vals.ReadString(call.Arg(1));
        Run(ref call, () => bucket.Binding.GetAsync(bucket, key, CancellationToken.None), (result, value) =>
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
        Run(ref call, () => bucket.Binding.SetAsync(bucket, key, value, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static void Delete(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var key = Vals.ReadString(call.Arg(1));
        Run(ref call, () => bucket.Binding.DeleteAsync(bucket, key, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static void Exists(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var key = Vals.ReadString(call.Arg(1));
        Run(ref call, () => bucket.Binding.ExistsAsync(bucket, key, CancellationToken.None), (result, exists) =>
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
        Run(ref call, () => bucket.Binding.ListKeysAsync(bucket, cursor, CancellationToken.None), (result, page) =>
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
        Run(ref call, () => bucket.Binding.IncrementAsync(bucket, key, delta, CancellationToken.None), (result, value) =>
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
        Run(ref call, () => bucket.Binding.GetManyAsync(bucket, keys, CancellationToken.None), (result, values) =>
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

        Run(ref call, () => bucket.Binding.SetManyAsync(bucket, pairs, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static void DeleteMany(ref HostCall call)
    {
        var bucket = call.Borrow<KeyValueBucket>(0);
        var keys = ReadStrings(call.Arg(1));
        Run(ref call, () => bucket.Binding.DeleteManyAsync(bucket, keys, CancellationToken.None), (result, _) => Vals.WriteOk(result));
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

    private static void Run<T>(ref HostCall call, Func<Task<T>> operation, PluginCalls.WriteValue<T> write) =>
        PluginCalls.Run<T, KeyValueException>(ref call, operation, write, WriteError);

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
}
