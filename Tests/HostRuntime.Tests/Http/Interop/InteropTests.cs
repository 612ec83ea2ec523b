using System.Diagnostics;
using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;
using Wasmcloud.TestInfrastructure.Wasm;
using Wasmtime;
using WasmComponent = Wasmtime.Components.Component;

namespace Wasmcloud.HostRuntime.Tests.Http.Interop;

/// <summary>
/// The component-model interop layer against a hand-written component: a host resource with constructor, method and
/// destructor; strings, <c>list&lt;u8&gt;</c> and <c>u64</c> both ways; traps from host exceptions; version matching;
/// the epoch deadline and the memory limit.
/// </summary>
public sealed unsafe class InteropTests : IDisposable
{
    private const uint CounterType = 1;

    /// <summary>Imports <c>test:host/api@0.2.0</c>; the host defines it at 0.2.5 (semver-compatible).</summary>
    private const string Wat = """
        (component
          (import "test:host/api@0.2.0" (instance $api
            (export "counter" (type $counter (sub resource)))
            (export "[constructor]counter" (func (param "start" u64) (result (own $counter))))
            (export "[method]counter.next" (func (param "self" (borrow $counter)) (result u64)))
            (export "greet" (func (param "name" string) (result string)))
            (export "sum" (func (param "bytes" (list u8)) (result u64)))
            (export "bytes" (func (param "n" u32) (result (list u8))))
            (export "fail" (func))))
          (alias export $api "counter" (type $counter))
          (core module $memory
            (memory (export "mem") 8)
            (global $next (mut i32) (i32.const 1024))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
              (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                     (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
              (global.set $next (i32.add (local.get $p) (local.get 3)))
              (local.get $p)))
          (core instance $m (instantiate $memory))
          (alias core export $m "mem" (core memory $mem))
          (alias core export $m "realloc" (core func $realloc))
          (core func $new (canon lower (func $api "[constructor]counter")))
          (core func $next (canon lower (func $api "[method]counter.next")))
          (core func $drop (canon resource.drop $counter))
          (core func $greet (canon lower (func $api "greet") (memory $mem) (realloc $realloc)))
          (core func $sum (canon lower (func $api "sum") (memory $mem) (realloc $realloc)))
          (core func $bytes (canon lower (func $api "bytes") (memory $mem) (realloc $realloc)))
          (core func $fail (canon lower (func $api "fail")))
          (core module $main
            (import "env" "mem" (memory 8))
            (import "host" "new" (func $new (param i64) (result i32)))
            (import "host" "next" (func $next (param i32) (result i64)))
            (import "host" "drop" (func $drop (param i32)))
            (import "host" "greet" (func $greet (param i32 i32 i32)))
            (import "host" "sum" (func $sum (param i32 i32) (result i64)))
            (import "host" "bytes" (func $bytes (param i32 i32)))
            (import "host" "fail" (func $fail))
            (func (export "count") (param i64) (result i64) (local $h i32) (local $r i64)
              (local.set $h (call $new (local.get 0)))
              (drop (call $next (local.get $h)))
              (local.set $r (call $next (local.get $h)))
              (call $drop (local.get $h))
              (local.get $r))
            (func (export "greet") (param i32 i32) (result i32)
              (call $greet (local.get 0) (local.get 1) (i32.const 64))
              (i32.const 64))
            (func (export "sum") (param i32 i32) (result i64) (call $sum (local.get 0) (local.get 1)))
            (func (export "bytes") (param i32) (result i32)
              (call $bytes (local.get 0) (i32.const 96))
              (i32.const 96))
            (func (export "fail") (call $fail))
            (func (export "spin") (loop $l (br $l)))
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
          (core instance $i (instantiate $main
            (with "env" (instance (export "mem" (memory $mem))))
            (with "host" (instance
              (export "new" (func $new)) (export "next" (func $next)) (export "drop" (func $drop))
              (export "greet" (func $greet)) (export "sum" (func $sum)) (export "bytes" (func $bytes))
              (export "fail" (func $fail))))))
          (func (export "count") (param "start" u64) (result u64) (canon lift (core func $i "count")))
          (func (export "greet") (param "name" string) (result string)
            (canon lift (core func $i "greet") (memory $mem) (realloc $realloc)))
          (func (export "sum") (param "bytes" (list u8)) (result u64)
            (canon lift (core func $i "sum") (memory $mem) (realloc $realloc)))
          (func (export "bytes") (param "n" u32) (result (list u8))
            (canon lift (core func $i "bytes") (memory $mem) (realloc $realloc)))
          (func (export "fail") (canon lift (core func $i "fail")))
          (func (export "spin") (canon lift (core func $i "spin")))
          (func (export "grow") (param "pages" s32) (result s32) (canon lift (core func $i "grow"))))
        """;

    private readonly Engine _engine;
    private readonly WasmComponent _component;
    private readonly HostLinker _linker;
    private readonly ComponentExports _exports;
    private readonly List<Counter> _counters = [];

    public InteropTests()
    {
        // Configured as the host's engine is (WasmEngine): epoch interruption on, concurrency support off.
        using (var config = new Config().WithEpochInterruption(true).WithoutConcurrencySupport())
        {
            _engine = new Engine(config);
        }

        _component = WasmComponent.FromText(_engine, Wat);
        _linker = new HostLinker(WasmtimeHandles.Of(_engine));
        _linker.DefineInterface("test:host/api@0.2.5", api =>
        {
            api.Resource("counter", CounterType);
            api.Function("[constructor]counter", (ref HostCall call) =>
            {
                var counter = new Counter { Value = Vals.ReadU64(call.Arg(0)) };
                _counters.Add(counter);
                call.WriteOwn(call.Result(), CounterType, counter);
            });
            api.Function("[method]counter.next", (ref HostCall call) =>
            {
                var counter = call.Borrow<Counter>(0);
                Vals.WriteU64(call.Result(), ++counter.Value);
            });
            api.Function("greet", (ref HostCall call) => Vals.WriteString(call.Result(), $"hello, {Vals.ReadString(call.Arg(0))}!"));
            api.Function("sum", (ref HostCall call) =>
            {
                ulong sum = 0;
                foreach (var b in Vals.ReadBytes(call.Arg(0)))
                {
                    sum += b;
                }

                Vals.WriteU64(call.Result(), sum);
            });
            api.Function("bytes", (ref HostCall call) =>
            {
                var n = (int)Vals.ReadU32(call.Arg(0));
                Vals.WriteBytes(call.Result(), Enumerable.Range(0, n).Select(i => (byte)i).ToArray());
            });
            api.Function("fail", (ref HostCall _) => throw new InvalidOperationException("host says no"));
        });
        _linker.Seal();
        _exports = new ComponentExports(WasmtimeHandles.Of(_component));
    }

    private ComponentStore NewStore(TimeSpan? timeout = null, long memoryLimit = 0)
    {
        var store = new ComponentStore(WasmtimeHandles.Of(_engine), memoryLimit, timeout, CancellationToken.None);
        store.Instantiate(_linker, WasmtimeHandles.Of(_component));
        return store;
    }

    private ComponentVal CallOne(ComponentStore store, string name, ComponentVal arg)
    {
        var index = _exports.Find(name);
        Assert.NotEqual(IntPtr.Zero, index);
        ComponentVal result = default;
        store.Call(index, [arg], new Span<ComponentVal>(&result, 1));
        return result;
    }

    private void CallVoid(ComponentStore store, string name) => store.Call(_exports.Find(name), [], []);

    [Fact]
    public void Host_resource_constructor_method_and_destructor()
    {
        using var store = NewStore();
        ComponentVal start = default;
        Vals.WriteU64(&start, 40);

        var result = CallOne(store, "count", start);

        Assert.Equal(42UL, Vals.ReadU64(&result));
        var counter = Assert.Single(_counters);
        Assert.True(counter.Disposed, "dropping the handle in the guest runs the host destructor");
        Assert.Equal(0, store.Resources.Count);
    }

    [Fact]
    public void Strings_cross_both_ways()
    {
        using var store = NewStore();
        ComponentVal name = default;
        Vals.WriteString(&name, "wörld");

        var result = CallOne(store, "greet", name);
        try
        {
            Assert.Equal("hello, wörld!", Vals.ReadString(&result));
        }
        finally
        {
            WasmtimeNative.ValDelete(&name);
            WasmtimeNative.ValDelete(&result);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(65536)]
    public void Byte_lists_cross_both_ways(int length)
    {
        using var store = NewStore();
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        ComponentVal list = default;
        Vals.WriteBytes(&list, bytes);
        ComponentVal n = default;
        Vals.WriteU32(&n, (uint)length);

        var sum = CallOne(store, "sum", list);
        WasmtimeNative.ValDelete(&list);
        using var second = NewStore();
        var back = CallOne(second, "bytes", n);
        try
        {
            Assert.Equal(bytes.Aggregate(0UL, (s, b) => s + b), Vals.ReadU64(&sum));
            Assert.Equal(Enumerable.Range(0, length).Select(i => (byte)i).ToArray(), Vals.ReadBytes(&back));
        }
        finally
        {
            WasmtimeNative.ValDelete(&back);
        }
    }

    [Fact]
    public void Host_exception_traps_the_guest_and_poisons_the_instance()
    {
        using var store = NewStore();

        var failed = Assert.Throws<ComponentModelException>(() => CallVoid(store, "fail"));
        var again = Assert.Throws<ComponentModelException>(() => CallVoid(store, "fail"));

        Assert.Contains("test:host/api@0.2.5#fail failed: host says no", failed.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(store.Fault);
        Assert.Contains("cannot enter component instance", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endless_loop_stops_at_the_deadline()
    {
        using var store = NewStore(timeout: TimeSpan.FromMilliseconds(200));
        ComponentModelException? error = null;
        var guest = new Thread(() =>
        {
            try
            {
                CallVoid(store, "spin");
            }
            catch (ComponentModelException e)
            {
                error = e;
            }
        });
        guest.Start();

        // The epoch is the guest's clock: advance it, as the engine's ticker does, until the deadline interrupts.
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (guest.IsAlive && DateTime.UtcNow < giveUp)
        {
            _engine.IncrementEpoch();
            Thread.Yield();
        }

        Assert.True(guest.Join(TimeSpan.FromSeconds(5)), "the endless loop was never interrupted");
        Assert.NotNull(error);
        Assert.Contains("the deadline passed", error.Message, StringComparison.Ordinal);
        Assert.Equal(StoreInterruption.Deadline, store.Interruption);
    }

    [Fact]
    public void Memory_limit_refuses_growth()
    {
        // 8 pages (512 KiB) to start; a 1 MiB ceiling allows 8 more pages but not 64.
        using var store = NewStore(memoryLimit: 1024 * 1024);
        ComponentVal pages = default;
        pages.Kind = ComponentValKind.S32;
        pages.U64 = 64;

        var refused = CallOne(store, "grow", pages);
        pages.U64 = 8;
        var allowed = CallOne(store, "grow", pages);

        Assert.Equal(uint.MaxValue, refused.U32);
        Assert.Equal(8U, allowed.U32);
    }

    [Fact]
    public void Import_missing_from_the_linker_fails_instantiation_with_its_name()
    {
        using var empty = new HostLinker(WasmtimeHandles.Of(_engine));
        empty.Seal();
        using var store = new ComponentStore(WasmtimeHandles.Of(_engine), 0, null, CancellationToken.None);

        var error = Assert.Throws<ComponentModelException>(() => store.Instantiate(empty, WasmtimeHandles.Of(_component)));

        Assert.Contains("test:host/api@0.2.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Linker_reports_imports_it_lacks_matching_versions_as_wasmtime_does()
    {
        Assert.Empty(_linker.MissingImports(["test:host/api@0.2.0", "test:host/api@0.2.9"]));
        Assert.Equal(
            ["test:other/api@0.2.0", "test:host/api@1.0.0", "test:host/api@0.3.0"],
            _linker.MissingImports(["test:other/api@0.2.0", "test:host/api@1.0.0", "test:host/api@0.3.0"]));
    }

    [Theory]
    [InlineData("hello-wat", "wasi:io/error@0.2.0,wasi:io/streams@0.2.0,wasi:http/types@0.2.0")]
    [InlineData("js-hello", "wasi:io/poll@0.2.12,wasi:clocks/monotonic-clock@0.2.12,wasi:io/error@0.2.12,wasi:io/streams@0.2.12,wasi:http/types@0.2.10,wasi:http/outgoing-handler@0.2.10,wasi:cli/stdin@0.2.12,wasi:cli/stdout@0.2.12,wasi:cli/stderr@0.2.12,wasi:cli/terminal-input@0.2.12,wasi:cli/terminal-output@0.2.12,wasi:cli/terminal-stdin@0.2.12,wasi:cli/terminal-stdout@0.2.12,wasi:cli/terminal-stderr@0.2.12,wasi:clocks/wall-clock@0.2.12,wasi:filesystem/types@0.2.12,wasi:filesystem/preopens@0.2.12,wasi:random/random@0.2.12")]
    public void Import_and_export_names_are_read_from_component_binaries(string fixture, string expected)
    {
        var names = ComponentNames.Read(File.ReadAllBytes(Fixtures.PathOf(fixture)));

        Assert.NotNull(names);
        Assert.Equal(expected.Split(','), names.Imports);
        Assert.Equal([fixture == "js-hello" ? "wasi:http/incoming-handler@0.2.10" : "wasi:http/incoming-handler@0.2.0"], names.Exports);
    }

    [Fact]
    public void A_named_import_is_read_by_its_label_with_the_interface_its_implements_option_names()
    {
        var names = ComponentNames.Read(File.ReadAllBytes(Fixtures.PathOf(Fixtures.KeyValueNamed)));

        Assert.NotNull(names);
        Assert.Equal(["wasi:io/error@0.2.0", "wasi:io/streams@0.2.0", "wasi:http/types@0.2.0", "cache", "sessions"], names.Imports);

        // cache carries the option; sessions is a plain label, which says nothing about its interface.
        Assert.Equal(new Dictionary<string, string> { ["cache"] = "wasi:keyvalue/store@0.2.0-draft" }, names.Implements);
    }

    [Fact]
    public void Import_names_of_a_core_module_or_garbage_are_null()
    {
        Assert.Null(ComponentNames.Read(File.ReadAllBytes(Fixtures.PathOf(Fixtures.Hello))));
        Assert.Null(ComponentNames.Read([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 10, 0xff]));
    }

    [Fact]
    public void Per_call_cost_is_reported()
    {
        using var store = NewStore();
        ComponentVal start = default;
        Vals.WriteU64(&start, 0);
        var index = _exports.Find("count");
        ComponentVal result = default;
        for (var i = 0; i < 1000; i++)
        {
            store.Call(index, [start], new Span<ComponentVal>(&result, 1));
        }

        var stopwatch = Stopwatch.StartNew();
        const int Calls = 20000;
        for (var i = 0; i < Calls; i++)
        {
            store.Call(index, [start], new Span<ComponentVal>(&result, 1));
        }

        var perCall = stopwatch.Elapsed / Calls;
        TestContext.Current.SendDiagnosticMessage($"export call with 4 host calls and a resource: {perCall.TotalMicroseconds:0.00} µs");
        Assert.True(perCall < TimeSpan.FromMilliseconds(1), $"{perCall.TotalMicroseconds} µs per call");
    }

    public void Dispose()
    {
        _exports.Dispose();
        _linker.Dispose();
        _component.Dispose();
        _engine.Dispose();
    }

    private sealed class Counter : IDisposable
    {
        public ulong Value { get; set; }

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
