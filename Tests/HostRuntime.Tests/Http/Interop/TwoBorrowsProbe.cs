using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;
using Wasmtime;
using WasmComponent = Wasmtime.Components.Component;

namespace Wasmcloud.HostRuntime.Tests.Http.Interop;

public sealed unsafe class TwoBorrowsProbe
{
    private const uint CounterType = 7;

    private const string Wat = """
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
          (func (export "all") (param "a" u64) (param "b" u64) (result u64) (canon lift (core func $i "all"))))
        """;

    private sealed class Counter
    {
        public ulong Value { get; init; }
    }

    [Theory]
    [InlineData(true, "pair")]
    [InlineData(false, "pair")]
    [InlineData(true, "all")]
    [InlineData(false, "all")]
    public void Probe(bool concurrency, string export)
    {
        Engine engine;
        using (var config = new Config().WithEpochInterruption(true))
        {
            WasmtimeNative.ConfigConcurrencySupportSet(WasmtimeHandles.Of(config), concurrency);
            engine = new Engine(config);
        }

        using var _ = engine;
        using var component = WasmComponent.FromText(engine, Wat);
        using var linker = new HostLinker(WasmtimeHandles.Of(engine));
        var entered = 0;
        linker.DefineInterface("test:host/pair@0.1.0", api =>
        {
            api.Resource("counter", CounterType);
            api.Function("[constructor]counter", (ref HostCall call) =>
                call.WriteOwn(call.Result(), CounterType, new Counter { Value = Vals.ReadU64(call.Arg(0)) }));
            api.Function("sum", (ref HostCall call) =>
            {
                entered++;
                Vals.WriteU64(call.Result(), call.Borrow<Counter>(0).Value + call.Borrow<Counter>(1).Value);
            });
            api.Function("sum-all", (ref HostCall call) =>
            {
                entered++;
                ulong sum = 0;
                foreach (ref var item in Vals.ReadList(call.Arg(0)))
                {
                    fixed (ComponentVal* p = &item)
                    {
                        sum += call.BorrowNested<Counter>(p).Value;
                    }
                }

                Vals.WriteU64(call.Result(), sum);
            });
        });
        linker.Seal();
        using var exports = new ComponentExports(WasmtimeHandles.Of(component));
        using var store = new ComponentStore(WasmtimeHandles.Of(engine), 0, null, CancellationToken.None);
        store.Instantiate(linker, WasmtimeHandles.Of(component));
        ComponentVal a = default, b = default, r = default;
        Vals.WriteU64(&a, 40);
        Vals.WriteU64(&b, 2);
        try
        {
            store.Call(exports.Find(export), [a, b], new Span<ComponentVal>(&r, 1));
            TestContext.Current.TestOutputHelper!.WriteLine($"concurrency={concurrency} {export}: {Vals.ReadU64(&r)} entered={entered}");
        }
        catch (Exception e)
        {
            TestContext.Current.TestOutputHelper!.WriteLine($"concurrency={concurrency} {export}: entered={entered} FAILED {e.Message}");
            throw;
        }
    }
}
