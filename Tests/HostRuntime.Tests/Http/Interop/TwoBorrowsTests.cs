using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.HostRuntime.Execution;
using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;
using Wasmcloud.HostRuntime.Options;
using WasmComponent = Wasmtime.Components.Component;

namespace Wasmcloud.HostRuntime.Tests.Http.Interop;

/// <summary>
/// Host functions that take two or more borrowed handles, on the host's own engine: two <c>borrow</c> parameters,
/// the same handle borrowed twice, a <c>list&lt;borrow&lt;…&gt;&gt;</c>, <c>wasi:io/poll.poll</c> over two
/// pollables and <c>output-stream.blocking-splice</c>. With Wasmtime 50.0.1's default configuration each of these calls trapped before reaching the host.
/// </summary>
public sealed unsafe class TwoBorrowsTests : IDisposable
{
    private const uint CounterType = 7;

    /// <summary>Makes two counters, hands both to one host function, drops them; <c>twice</c> lends one handle twice.</summary>
    private const string PairWat = """
        (component
          (import "test:host/pair@0.1.0" (instance $api
            (export "counter" (type $counter (sub resource)))
            (export "[constructor]counter" (func (param "start" u64) (result (own $counter))))
            (export "sum" (func (param "a" (borrow $counter)) (param "b" (borrow $counter)) (result u64)))
            (export "sum-all" (func (param "all" (list (borrow $counter))) (result u64)))))
          (alias export $api "counter" (type $counter))
          (core module $memory (memory (export "mem") 1))
          (core instance $m (instantiate $memory))
          (alias core export $m "mem" (core memory $mem))
          (core func $new (canon lower (func $api "[constructor]counter")))
          (core func $sum (canon lower (func $api "sum")))
          (core func $sumall (canon lower (func $api "sum-all") (memory $mem)))
          (core func $drop (canon resource.drop $counter))
          (core module $main
            (import "env" "mem" (memory 1))
            (import "host" "new" (func $new (param i64) (result i32)))
            (import "host" "sum" (func $sum (param i32 i32) (result i64)))
            (import "host" "sumall" (func $sumall (param i32 i32) (result i64)))
            (import "host" "drop" (func $drop (param i32)))
            (func (export "pair") (param i64 i64) (result i64) (local $a i32) (local $b i32) (local $r i64)
              (local.set $a (call $new (local.get 0)))
              (local.set $b (call $new (local.get 1)))
              (local.set $r (call $sum (local.get $a) (local.get $b)))
              (call $drop (local.get $a))
              (call $drop (local.get $b))
              (local.get $r))
            (func (export "twice") (param i64) (result i64) (local $a i32) (local $r i64)
              (local.set $a (call $new (local.get 0)))
              (local.set $r (call $sum (local.get $a) (local.get $a)))
              (call $drop (local.get $a))
              (local.get $r))
            (func (export "all") (param i64 i64) (result i64) (local $a i32) (local $b i32) (local $r i64)
              (local.set $a (call $new (local.get 0)))
              (local.set $b (call $new (local.get 1)))
              (i32.store (i32.const 16) (local.get $a))
              (i32.store (i32.const 20) (local.get $b))
              (local.set $r (call $sumall (i32.const 16) (i32.const 2)))
              (call $drop (local.get $a))
              (call $drop (local.get $b))
              (local.get $r)))
          (core instance $i (instantiate $main
            (with "env" (instance (export "mem" (memory $mem))))
            (with "host" (instance
              (export "new" (func $new)) (export "sum" (func $sum)) (export "sumall" (func $sumall)) (export "drop" (func $drop))))))
          (func (export "pair") (param "a" u64) (param "b" u64) (result u64) (canon lift (core func $i "pair")))
          (func (export "twice") (param "a" u64) (result u64) (canon lift (core func $i "twice")))
          (func (export "all") (param "a" u64) (param "b" u64) (result u64) (canon lift (core func $i "all"))))
        """;

    /// <summary>Subscribes to two durations and returns what <c>poll</c> says is ready.</summary>
    private static readonly string PollWat = $"""
        (component
          (import "wasi:io/poll@0.2.0" (instance $poll
            (export "pollable" (type $p (sub resource)))
            (export "poll" (func (param "in" (list (borrow $p))) (result (list u32))))))
          (alias export $poll "pollable" (type $pollable))
          (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
            (export "pollable" (type $p (eq $pollable)))
            (export "subscribe-duration" (func (param "when" u64) (result (own $p))))))
          {WatComponent.BumpAllocator(1)}
          (core func $poll (canon lower (func $poll "poll") (memory $mem) (realloc $realloc)))
          (core func $subscribe (canon lower (func $clock "subscribe-duration")))
          (core func $drop (canon resource.drop $pollable))
          (core module $main
            (import "env" "mem" (memory 1))
            (import "host" "poll" (func $poll (param i32 i32 i32)))
            (import "host" "subscribe" (func $subscribe (param i64) (result i32)))
            (import "host" "drop" (func $drop (param i32)))
            (func (export "ready") (param i64 i64) (result i32)
              (i32.store (i32.const 16) (call $subscribe (local.get 0)))
              (i32.store (i32.const 20) (call $subscribe (local.get 1)))
              (call $poll (i32.const 16) (i32.const 2) (i32.const 32))
              (call $drop (i32.load (i32.const 16)))
              (call $drop (i32.load (i32.const 20)))
              (i32.const 32)))
          (core instance $i (instantiate $main
            (with "env" (instance (export "mem" (memory $mem))))
            (with "host" (instance (export "poll" (func $poll)) (export "subscribe" (func $subscribe)) (export "drop" (func $drop))))))
          (func (export "ready") (param "first-ns" u64) (param "second-ns" u64) (result (list u32))
            (canon lift (core func $i "ready") (memory $mem) (realloc $realloc))))
        """;

    /// <summary>Splices stdin into stdout; returns the result's case in the high byte and the error's case in the low.</summary>
    private const string SpliceWat = """
        (component
          (import "wasi:io/error@0.2.0" (instance $io-error (export "error" (type (sub resource)))))
          (alias export $io-error "error" (type $error))
          (import "wasi:io/streams@0.2.0" (instance $streams
            (export "error" (type $e (eq $error)))
            (export "input-stream" (type $is (sub resource)))
            (export "output-stream" (type $os (sub resource)))
            (type $stream-error (variant (case "last-operation-failed" (own $e)) (case "closed")))
            (export "stream-error" (type $se (eq $stream-error)))
            (export "[method]output-stream.blocking-splice"
              (func (param "self" (borrow $os)) (param "src" (borrow $is)) (param "len" u64) (result (result u64 (error $se)))))))
          (alias export $streams "input-stream" (type $input-stream))
          (alias export $streams "output-stream" (type $output-stream))
          (import "wasi:cli/stdin@0.2.0" (instance $stdin
            (export "input-stream" (type $is (eq $input-stream)))
            (export "get-stdin" (func (result (own $is))))))
          (import "wasi:cli/stdout@0.2.0" (instance $stdout
            (export "output-stream" (type $os (eq $output-stream)))
            (export "get-stdout" (func (result (own $os))))))
          (core module $memory (memory (export "mem") 1))
          (core instance $m (instantiate $memory))
          (alias core export $m "mem" (core memory $mem))
          (core func $splice (canon lower (func $streams "[method]output-stream.blocking-splice") (memory $mem)))
          (core func $get-stdin (canon lower (func $stdin "get-stdin")))
          (core func $get-stdout (canon lower (func $stdout "get-stdout")))
          (core func $drop-in (canon resource.drop $input-stream))
          (core func $drop-out (canon resource.drop $output-stream))
          (core module $main
            (import "env" "mem" (memory 1))
            (import "host" "splice" (func $splice (param i32 i32 i64 i32)))
            (import "host" "get-stdin" (func $get-stdin (result i32)))
            (import "host" "get-stdout" (func $get-stdout (result i32)))
            (import "host" "drop-in" (func $drop-in (param i32)))
            (import "host" "drop-out" (func $drop-out (param i32)))
            (func (export "splice") (result i32) (local $in i32) (local $out i32)
              (local.set $in (call $get-stdin))
              (local.set $out (call $get-stdout))
              (call $splice (local.get $out) (local.get $in) (i64.const 1024) (i32.const 64))
              (call $drop-in (local.get $in))
              (call $drop-out (local.get $out))
              (i32.or (i32.shl (i32.load8_u (i32.const 64)) (i32.const 8)) (i32.load8_u (i32.const 72)))))
          (core instance $i (instantiate $main
            (with "env" (instance (export "mem" (memory $mem))))
            (with "host" (instance
              (export "splice" (func $splice)) (export "get-stdin" (func $get-stdin)) (export "get-stdout" (func $get-stdout))
              (export "drop-in" (func $drop-in)) (export "drop-out" (func $drop-out))))))
          (func (export "splice") (result u32) (canon lift (core func $i "splice"))))
        """;

    private static readonly ulong AnHour = (ulong)TimeSpan.FromHours(1).Ticks * 100;

    private readonly string _cacheDirectory = Directory.CreateTempSubdirectory("two-borrows-").FullName;
    private readonly WasmEngine _engine;
    private readonly List<Counter> _counters = [];

    public TwoBorrowsTests() =>
        _engine = new WasmEngine(new HostRuntimeOptions { CompileCacheDir = _cacheDirectory }, NullLogger<WasmEngine>.Instance);

    [Fact]
    public void A_host_function_receives_two_borrowed_handles()
    {
        Assert.Equal(42UL, CallPair("pair", 40, 2));
        Assert.All(_counters, counter => Assert.True(counter.Disposed, "both handles are dropped by the guest afterwards"));
    }

    [Fact]
    public void A_host_function_receives_the_same_handle_borrowed_twice() => Assert.Equal(80UL, CallPair("twice", 40));

    [Fact]
    public void A_host_function_receives_a_list_of_borrowed_handles() => Assert.Equal(42UL, CallPair("all", 40, 2));

    [Theory]
    [InlineData(true, false, new uint[] { 0 })]
    [InlineData(false, true, new uint[] { 1 })]
    [InlineData(true, true, new uint[] { 0, 1 })]
    public void Poll_over_two_pollables_returns_the_ready_ones(bool firstReady, bool secondReady, uint[] expected)
    {
        using var component = WasmComponent.FromText(_engine.Engine, PollWat);
        using var linker = new HostLinker(_engine.NativeEngine);
        WasiInterfaces.Define(linker);
        linker.Seal();
        using var exports = new ComponentExports(WasmtimeHandles.Of(component));
        using var store = new ComponentStore(_engine.NativeEngine, 0, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        store.Instantiate(linker, WasmtimeHandles.Of(component));
        ComponentVal first = default, second = default, result = default;
        Vals.WriteU64(&first, firstReady ? 0 : AnHour);
        Vals.WriteU64(&second, secondReady ? 0 : AnHour);

        store.Call(exports.Find("ready"), [first, second], new Span<ComponentVal>(&result, 1));
        try
        {
            var ready = new List<uint>();
            foreach (var index in Vals.ReadList(&result))
            {
                var copy = index;
                ready.Add(Vals.ReadU32(&copy));
            }

            Assert.Equal(expected, ready);
        }
        finally
        {
            WasmtimeNative.ValDelete(&result);
        }
    }

    [Fact]
    public void Splicing_an_empty_stdin_into_stdout_reports_the_input_closed()
    {
        using var component = WasmComponent.FromText(_engine.Engine, SpliceWat);
        using var linker = new HostLinker(_engine.NativeEngine);
        WasiInterfaces.Define(linker);
        linker.Seal();
        using var exports = new ComponentExports(WasmtimeHandles.Of(component));
        using var store = new ComponentStore(_engine.NativeEngine, 0, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken)
        {
            Host = new WasiContext([], _ => { }, _ => { }),
        };
        store.Instantiate(linker, WasmtimeHandles.Of(component));
        ComponentVal result = default;

        store.Call(exports.Find("splice"), [], new Span<ComponentVal>(&result, 1));

        // result<u64, stream-error>: err (1), stream-error: closed (1).
        Assert.Equal(0x0101U, Vals.ReadU32(&result));
        Assert.Equal(0, store.Resources.Count);
    }

    public void Dispose()
    {
        _engine.Dispose();
        Directory.Delete(_cacheDirectory, recursive: true);
    }

    private ulong CallPair(string export, params ulong[] arguments)
    {
        using var component = WasmComponent.FromText(_engine.Engine, PairWat);
        using var linker = new HostLinker(_engine.NativeEngine);
        linker.DefineInterface("test:host/pair@0.1.0", api =>
        {
            api.Resource("counter", CounterType);
            api.Function("[constructor]counter", (ref HostCall call) =>
            {
                var counter = new Counter { Value = Vals.ReadU64(call.Arg(0)) };
                _counters.Add(counter);
                call.WriteOwn(call.Result(), CounterType, counter);
            });
            api.Function("sum", (ref HostCall call) =>
                Vals.WriteU64(call.Result(), call.Borrow<Counter>(0).Value + call.Borrow<Counter>(1).Value));
            api.Function("sum-all", (ref HostCall call) =>
            {
                ulong sum = 0;
                var items = Vals.ReadList(call.Arg(0));
                fixed (ComponentVal* item = items)
                {
                    for (var i = 0; i < items.Length; i++)
                    {
                        sum += call.BorrowNested<Counter>(item + i).Value;
                    }
                }

                Vals.WriteU64(call.Result(), sum);
            });
        });
        linker.Seal();
        using var exports = new ComponentExports(WasmtimeHandles.Of(component));
        using var store = new ComponentStore(_engine.NativeEngine, 0, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        store.Instantiate(linker, WasmtimeHandles.Of(component));
        var args = new ComponentVal[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            fixed (ComponentVal* arg = &args[i])
            {
                Vals.WriteU64(arg, arguments[i]);
            }
        }

        ComponentVal result = default;
        store.Call(exports.Find(export), args, new Span<ComponentVal>(&result, 1));
        Assert.Equal(0, store.Resources.Count);
        return Vals.ReadU64(&result);
    }

    private sealed class Counter : IDisposable
    {
        public ulong Value { get; init; }

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
