using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>
/// <c>wasi:blobstore/{blobstore,container,types}@0.2.0-draft</c> in C#, for stores whose
/// <see cref="ComponentStore.Plugins"/> carry a <see cref="BlobstoreBinding"/>. Every failure — a missing or refused
/// container, a missing object, a read-only workload, a JetStream error — is returned as the WIT <c>error</c> string.
/// Object bodies are <c>wasi:io</c> streams of this host (<see cref="ObjectInputStream"/>, the body of
/// <see cref="OutgoingBlob"/>).
/// </summary>
internal static unsafe class BlobstoreInterfaces
{
    public const string Version = "0.2.0-draft";
    public const string Package = "wasi:blobstore";

    /// <summary>The most names one <c>read-stream-object-names</c> returns, whatever the guest asks.</summary>
    public const int MaxNamesPerRead = 1000;

    public static void Define(HostLinker linker)
    {
        linker.DefineInterface($"{Package}/types@{Version}", DefineTypes);
        linker.DefineInterface($"{Package}/container@{Version}", DefineContainer);
        linker.DefineInterface($"{Package}/blobstore@{Version}", i => DefineBlobstore(i, label: null));
    }

    /// <summary>
    /// The instance a component imports under <paramref name="label"/>, the name of a <c>hostInterfaces</c> entry
    /// (<c>import archive: wasi:blobstore/blobstore@0.2.0-draft;</c>): its functions use that entry's containers. Every
    /// function of the package is defined, since a plain label import does not say which interface it is. Containers
    /// carry their entry, so container calls reach the right backend whichever instance they come through.
    /// </summary>
    public static void DefineNamed(HostLinker linker, string label) =>
        linker.DefineInterface(label, i =>
        {
            DefineTypes(i);
            DefineContainer(i);
            DefineBlobstore(i, label);
        });

    private static void DefineTypes(HostLinker.InterfaceDefinition i)
    {
        i.Resource("outgoing-value", PluginResourceTypes.BlobOutgoingValue);
        i.Resource("incoming-value", PluginResourceTypes.BlobIncomingValue);
        i.Function("[static]outgoing-value.new-outgoing-value", (ref HostCall c) => c.WriteOwn(c.Result(), PluginResourceTypes.BlobOutgoingValue, new OutgoingBlob()));
        i.Function("[method]outgoing-value.outgoing-value-write-body", WriteBody);
        i.Function("[static]outgoing-value.finish", Finish);
        i.Function("[static]incoming-value.incoming-value-consume-sync", ConsumeSync);
        i.Function("[static]incoming-value.incoming-value-consume-async", ConsumeAsync);
        i.Function("[method]incoming-value.size", (ref HostCall c) => Vals.WriteU64(c.Result(), c.Borrow<IncomingBlob>(0).Size));
    }

    private static void DefineContainer(HostLinker.InterfaceDefinition i)
    {
        i.Resource("container", PluginResourceTypes.BlobContainer);
        i.Resource("stream-object-names", PluginResourceTypes.BlobObjectNames);
        i.Function("[method]container.name", (ref HostCall c) =>
        {
            ComponentVal name = default;
            Vals.WriteString(&name, c.Borrow<BlobContainer>(0).Name);
            Vals.WriteOk(c.Result(), &name);
        });
        i.Function("[method]container.info", Info);
        i.Function("[method]container.get-data", GetData);
        i.Function("[method]container.write-data", WriteData);
        i.Function("[method]container.list-objects", ListObjects);
        i.Function("[method]container.delete-object", DeleteObject);
        i.Function("[method]container.delete-objects", DeleteObjects);
        i.Function("[method]container.has-object", HasObject);
        i.Function("[method]container.object-info", ObjectInfo);
        i.Function("[method]container.clear", Clear);
        i.Function("[method]stream-object-names.read-stream-object-names", ReadNames);
        i.Function("[method]stream-object-names.skip-stream-object-names", SkipNames);
    }

    private static void DefineBlobstore(HostLinker.InterfaceDefinition i, string? label)
    {
        i.Function("create-container", (ref HostCall c) => OpenContainer(ref c, label, create: true));
        i.Function("get-container", (ref HostCall c) => OpenContainer(ref c, label, create: false));
        i.Function("delete-container", (ref HostCall c) => DeleteContainer(ref c, label));
        i.Function("container-exists", (ref HostCall c) => ContainerExists(ref c, label));
        i.Function("copy-object", (ref HostCall c) => CopyOrMove(ref c, label, move: false));
        i.Function("move-object", (ref HostCall c) => CopyOrMove(ref c, label, move: true));
    }

    private static void WriteBody(ref HostCall call)
    {
        var value = call.Borrow<OutgoingBlob>(0);
        if (value.TakeBody() is { } body)
        {
            ComponentVal handle = default;
            call.WriteOwn(&handle, WasiResourceTypes.OutputStream, body);
            Vals.WriteOk(call.Result(), &handle);
        }
        else
        {
            // The WIT's "subsequent calls will return error": result<output-stream> has no error payload.
            Vals.WriteErr(call.Result());
        }
    }

    private static void Finish(ref HostCall call)
    {
        var value = call.Own<OutgoingBlob>(0);
        try
        {
            value.Finish(call.Store.Interrupt);
            Vals.WriteOk(call.Result());
        }
        catch (BlobstoreException e)
        {
            WriteError(call.Result(), e.Message);
        }
        finally
        {
            value.Dispose();
        }
    }

    private static void ConsumeSync(ref HostCall call)
    {
        var value = call.Own<IncomingBlob>(0);
        var interrupt = call.Store.Interrupt;
        Run(ref call, () => value.ConsumeSyncAsync(interrupt), (result, bytes) =>
        {
            ComponentVal list = default;
            Vals.WriteBytes(&list, bytes);
            Vals.WriteOk(result, &list);
        });
    }

    private static void ConsumeAsync(ref HostCall call)
    {
        var value = call.Own<IncomingBlob>(0);
        ComponentVal handle = default;
        call.WriteOwn(&handle, WasiResourceTypes.InputStream, value.ConsumeAsync());
        Vals.WriteOk(call.Result(), &handle);
    }

    private static void Info(ref HostCall call)
    {
        var container = call.Borrow<BlobContainer>(0);
        ComponentVal metadata = default;
        var fields = Vals.WriteRecord(&metadata, 2);
        Vals.WriteString(Vals.WriteField(&fields[0], "name"u8), container.Name);
        Vals.WriteU64(Vals.WriteField(&fields[1], "created-at"u8), UnixSeconds(container.CreatedAt));
        Vals.WriteOk(call.Result(), &metadata);
    }

    private static void GetData(ref HostCall call)
    {
        var container = call.Borrow<BlobContainer>(0);
        var name = Vals.ReadString(call.Arg(1));
        var start = Vals.ReadU64(call.Arg(2));
        var end = Vals.ReadU64(call.Arg(3));
        var store = call.Store;
        Run(ref call, () => container.Binding.GetDataAsync(container, name, start, end, CancellationToken.None), (result, value) =>
        {
            ComponentVal handle = default;
            store.WriteOwn(&handle, PluginResourceTypes.BlobIncomingValue, value);
            Vals.WriteOk(result, &handle);
        });
    }

    private static void WriteData(ref HostCall call)
    {
        var container = call.Borrow<BlobContainer>(0);
        var name = Vals.ReadString(call.Arg(1));
        var value = call.Borrow<OutgoingBlob>(2);
        Run(
            ref call,
            () =>
            {
                container.Binding.WriteData(container, name, value);
                return Task.FromResult(true);
            },
            (result, _) => Vals.WriteOk(result));
    }

    private static void ListObjects(ref HostCall call)
    {
        var container = call.Borrow<BlobContainer>(0);
        var store = call.Store;
        Run(ref call, () => container.Binding.ListObjectsAsync(container, CancellationToken.None), (result, names) =>
        {
            ComponentVal handle = default;
            store.WriteOwn(&handle, PluginResourceTypes.BlobObjectNames, new ObjectNameCursor(container, names));
            Vals.WriteOk(result, &handle);
        });
    }

    private static void ReadNames(ref HostCall call)
    {
        var cursor = call.Borrow<ObjectNameCursor>(0);
        var count = (int)Math.Min(Vals.ReadU64(call.Arg(1)), MaxNamesPerRead);
        Run(ref call, () => cursor.Container.Binding.ReadNamesAsync(cursor.Container, cursor.Names, count, CancellationToken.None), (result, page) =>
        {
            ComponentVal pair = default;
            var items = Vals.WriteTuple(&pair, 2);
            var names = Vals.WriteList(&items[0], page.Names.Count);
            for (var k = 0; k < page.Names.Count; k++)
            {
                Vals.WriteString(&names[k], page.Names[k]);
            }

            Vals.WriteBool(&items[1], page.Ended);
            Vals.WriteOk(result, &pair);
        });
    }

    private static void SkipNames(ref HostCall call)
    {
        var cursor = call.Borrow<ObjectNameCursor>(0);
        var count = (int)Math.Min(Vals.ReadU64(call.Arg(1)), int.MaxValue);
        Run(
            ref call,
            () => cursor.Container.Binding.SkipNamesAsync(cursor.Container, cursor.Names, count, CancellationToken.None),
            (result, page) =>
            {
                ComponentVal pair = default;
                var items = Vals.WriteTuple(&pair, 2);
                Vals.WriteU64(&items[0], page.Skipped);
                Vals.WriteBool(&items[1], page.Ended);
                Vals.WriteOk(result, &pair);
            });
    }

    private static void DeleteObject(ref HostCall call)
    {
        var container = call.Borrow<BlobContainer>(0);
        var name = Vals.ReadString(call.Arg(1));
        Run(ref call, () => container.Binding.DeleteObjectAsync(container, name, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static void DeleteObjects(ref HostCall call)
    {
        var container = call.Borrow<BlobContainer>(0);
        var elements = Vals.ReadList(call.Arg(1));
        var names = new string[elements.Length];
        fixed (ComponentVal* element = elements)
        {
            for (var k = 0; k < names.Length; k++)
            {
                names[k] = Vals.ReadString(&element[k]);
            }
        }

        Run(ref call, () => container.Binding.DeleteObjectsAsync(container, names, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static void HasObject(ref HostCall call)
    {
        var container = call.Borrow<BlobContainer>(0);
        var name = Vals.ReadString(call.Arg(1));
        Run(ref call, () => container.Binding.HasObjectAsync(container, name, CancellationToken.None), (result, exists) =>
        {
            ComponentVal value = default;
            Vals.WriteBool(&value, exists);
            Vals.WriteOk(result, &value);
        });
    }

    private static void ObjectInfo(ref HostCall call)
    {
        var container = call.Borrow<BlobContainer>(0);
        var name = Vals.ReadString(call.Arg(1));
        Run(ref call, () => container.Binding.ObjectInfoAsync(container, name, CancellationToken.None), (result, info) =>
        {
            ComponentVal metadata = default;
            var fields = Vals.WriteRecord(&metadata, 4);
            Vals.WriteString(Vals.WriteField(&fields[0], "name"u8), info.Name);
            Vals.WriteString(Vals.WriteField(&fields[1], "container"u8), container.Name);
            Vals.WriteU64(Vals.WriteField(&fields[2], "created-at"u8), UnixSeconds(info.MTime));
            Vals.WriteU64(Vals.WriteField(&fields[3], "size"u8), (ulong)info.Size);
            Vals.WriteOk(result, &metadata);
        });
    }

    private static void Clear(ref HostCall call)
    {
        var container = call.Borrow<BlobContainer>(0);
        Run(ref call, () => container.Binding.ClearAsync(container, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static void OpenContainer(ref HostCall call, string? label, bool create)
    {
        var name = Vals.ReadString(call.Arg(0));
        var store = call.Store;
        if (!TryBinding(ref call, label, out var b))
        {
            return;
        }

        Run(
            ref call,
            () => create ? b.CreateContainerAsync(name, CancellationToken.None) : b.GetContainerAsync(name, CancellationToken.None),
            (result, container) =>
            {
                ComponentVal handle = default;
                store.WriteOwn(&handle, PluginResourceTypes.BlobContainer, container);
                Vals.WriteOk(result, &handle);
            });
    }

    private static void DeleteContainer(ref HostCall call, string? label)
    {
        var name = Vals.ReadString(call.Arg(0));
        if (!TryBinding(ref call, label, out var b))
        {
            return;
        }

        Run(ref call, () => b.DeleteContainerAsync(name, CancellationToken.None), (result, _) => Vals.WriteOk(result));
    }

    private static void ContainerExists(ref HostCall call, string? label)
    {
        var name = Vals.ReadString(call.Arg(0));
        if (!TryBinding(ref call, label, out var b))
        {
            return;
        }

        Run(ref call, () => b.ContainerExistsAsync(name, CancellationToken.None), (result, exists) =>
        {
            ComponentVal value = default;
            Vals.WriteBool(&value, exists);
            Vals.WriteOk(result, &value);
        });
    }

    private static void CopyOrMove(ref HostCall call, string? label, bool move)
    {
        var (sourceContainer, sourceObject) = ReadObjectId(call.Arg(0));
        var (targetContainer, targetObject) = ReadObjectId(call.Arg(1));
        if (!TryBinding(ref call, label, out var b))
        {
            return;
        }

        Run(
            ref call,
            () => move
                ? b.MoveObjectAsync(sourceContainer, sourceObject, targetContainer, targetObject, CancellationToken.None)
                : b.CopyObjectAsync(sourceContainer, sourceObject, targetContainer, targetObject, CancellationToken.None),
            (result, _) => Vals.WriteOk(result));
    }

    /// <summary>An <c>object-id</c> record: its fields by name, whatever their order.</summary>
    private static (string Container, string Object) ReadObjectId(ComponentVal* value)
    {
        if (value->Kind != ComponentValKind.Record)
        {
            throw new InvalidOperationException($"expected an object-id record, got {value->Kind}");
        }

        var entries = (ComponentRecordEntry*)value->Vec.Data;
        string? container = null;
        string? name = null;
        for (var k = 0; k < (int)value->Vec.Size; k++)
        {
            var field = entries[k].Name.AsSpan();
            if (field.SequenceEqual("container"u8))
            {
                container = Vals.ReadString(&entries[k].Value);
            }
            else if (field.SequenceEqual("object"u8))
            {
                name = Vals.ReadString(&entries[k].Value);
            }
        }

        return (container ?? "", name ?? "");
    }

    private static ulong UnixSeconds(DateTimeOffset time) => time <= DateTimeOffset.UnixEpoch ? 0 : (ulong)time.ToUnixTimeSeconds();

    private static void Run<T>(ref HostCall call, Func<Task<T>> operation, PluginCalls.WriteValue<T> write) =>
        PluginCalls.Run<T, BlobstoreException>(ref call, operation, write, (result, e) => WriteError(result, e.Message));

    /// <summary>The unnamed entry's binding, or the binding of the entry named <paramref name="label"/>; else writes the error.</summary>
    private static bool TryBinding(ref HostCall call, string? label, out BlobstoreBinding binding)
    {
        var plugins = call.Store.Plugins;
        if ((label is null ? plugins?.Blobstore : plugins?.NamedBlobstore.GetValueOrDefault(label)) is { } bound)
        {
            binding = bound;
            return true;
        }

        binding = null!;
        WriteError(call.Result(), label is null
            ? "this workload declares no wasi:blobstore host interface"
            : $"this workload declares no wasi:blobstore host interface named '{label}'");
        return false;
    }

    private static void WriteError(ComponentVal* result, string message)
    {
        ComponentVal text = default;
        Vals.WriteString(&text, message);
        Vals.WriteErr(result, &text);
    }
}
