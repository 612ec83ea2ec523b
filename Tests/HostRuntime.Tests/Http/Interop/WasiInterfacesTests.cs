using System.Text;
using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;
using Wasmtime;
using WasmComponent = Wasmtime.Components.Component;

namespace Wasmcloud.HostRuntime.Tests.Http.Interop;

/// <summary>
/// The C# WASI interfaces from a hand-written component: <c>wasi:cli/environment</c> from the workload's
/// environment, stdout into log lines, <c>wasi:random</c>, <c>wasi:clocks</c>, and a clean trap for <c>exit</c>.
/// </summary>
public sealed unsafe class WasiInterfacesTests : IDisposable
{
    private const string Wat = """
        (component
          (import "wasi:io/error@0.2.0" (instance $io-error (export "error" (type (sub resource)))))
          (alias export $io-error "error" (type $error))
          (import "wasi:io/streams@0.2.0" (instance $streams
            (export "error" (type $e (eq $error)))
            (export "output-stream" (type $os (sub resource)))
            (type $stream-error (variant (case "last-operation-failed" (own $e)) (case "closed")))
            (export "stream-error" (type $se (eq $stream-error)))
            (export "[method]output-stream.blocking-write-and-flush"
              (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se)))))))
          (alias export $streams "output-stream" (type $output-stream))
          (import "wasi:cli/stdout@0.2.3" (instance $stdout
            (export "output-stream" (type $os (eq $output-stream)))
            (export "get-stdout" (func (result (own $os))))))
          (import "wasi:cli/environment@0.2.6" (instance $environment
            (export "get-environment" (func (result (list (tuple string string)))))))
          (import "wasi:cli/exit@0.2.0" (instance $exit
            (export "exit" (func (param "status" (result))))))
          (import "wasi:random/random@0.2.0" (instance $random
            (export "get-random-bytes" (func (param "len" u64) (result (list u8))))))
          (import "wasi:clocks/wall-clock@0.2.0" (instance $wall
            (type $datetime (record (field "seconds" u64) (field "nanoseconds" u32)))
            (export "datetime" (type $dt (eq $datetime)))
            (export "now" (func (result $dt)))))
          (alias export $wall "datetime" (type $datetime))
          (core module $memory
            (memory (export "mem") 1)
            (global $next (mut i32) (i32.const 1024))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
              (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                     (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
              (global.set $next (i32.add (local.get $p) (local.get 3)))
              (local.get $p)))
          (core instance $m (instantiate $memory))
          (alias core export $m "mem" (core memory $mem))
          (alias core export $m "realloc" (core func $realloc))
          (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $mem) (realloc $realloc)))
          (core func $drop-stream (canon resource.drop $output-stream))
          (core func $get-stdout (canon lower (func $stdout "get-stdout")))
          (core func $get-environment (canon lower (func $environment "get-environment") (memory $mem) (realloc $realloc)))
          (core func $exit (canon lower (func $exit "exit")))
          (core func $random (canon lower (func $random "get-random-bytes") (memory $mem) (realloc $realloc)))
          (core func $now (canon lower (func $wall "now") (memory $mem)))
          (core module $main
            (import "env" "mem" (memory 1))
            (import "host" "write" (func $write (param i32 i32 i32 i32)))
            (import "host" "drop-stream" (func $drop-stream (param i32)))
            (import "host" "get-stdout" (func $get-stdout (result i32)))
            (import "host" "get-environment" (func $get-environment (param i32)))
            (import "host" "exit" (func $exit (param i32)))
            (import "host" "random" (func $random (param i64 i32)))
            (import "host" "now" (func $now (param i32)))
            (func (export "environment") (result i32) (call $get-environment (i32.const 64)) (i32.const 64))
            (func (export "say") (param $ptr i32) (param $len i32) (local $out i32)
              (local.set $out (call $get-stdout))
              (call $write (local.get $out) (local.get $ptr) (local.get $len) (i32.const 128))
              (call $drop-stream (local.get $out)))
            (func (export "random") (param i64) (result i32) (call $random (local.get 0) (i32.const 160)) (i32.const 160))
            (func (export "now") (result i64) (call $now (i32.const 192)) (i64.load (i32.const 192)))
            (func (export "quit") (call $exit (i32.const 1))))
          (core instance $i (instantiate $main
            (with "env" (instance (export "mem" (memory $mem))))
            (with "host" (instance
              (export "write" (func $write)) (export "drop-stream" (func $drop-stream))
              (export "get-stdout" (func $get-stdout)) (export "get-environment" (func $get-environment))
              (export "exit" (func $exit)) (export "random" (func $random)) (export "now" (func $now))))))
          (func (export "environment") (result (list (tuple string string)))
            (canon lift (core func $i "environment") (memory $mem) (realloc $realloc)))
          (func (export "say") (param "text" (list u8)) (canon lift (core func $i "say") (memory $mem) (realloc $realloc)))
          (func (export "random") (param "len" u64) (result (list u8))
            (canon lift (core func $i "random") (memory $mem) (realloc $realloc)))
          (func (export "now") (result u64) (canon lift (core func $i "now")))
          (func (export "quit") (canon lift (core func $i "quit"))))
        """;

    private readonly Engine _engine;
    private readonly WasmComponent _component;
    private readonly HostLinker _linker;
    private readonly ComponentExports _exports;
    private readonly List<string> _stdout = [];

    public WasiInterfacesTests()
    {
        // Configured as the host's engine is (WasmEngine): epoch interruption on, concurrency support off.
        using (var config = new Config().WithEpochInterruption(true).WithoutConcurrencySupport())
        {
            _engine = new Engine(config);
        }

        _component = WasmComponent.FromText(_engine, Wat);
        _linker = new HostLinker(WasmtimeHandles.Of(_engine));
        WasiInterfaces.Define(_linker);
        _linker.Seal();
        _exports = new ComponentExports(WasmtimeHandles.Of(_component));
    }

    private ComponentStore NewStore(params (string, string)[] environment)
    {
        var store = new ComponentStore(WasmtimeHandles.Of(_engine), 0, null, CancellationToken.None)
        {
            Host = new WasiContext([.. environment.Select(e => KeyValuePair.Create(e.Item1, e.Item2))], _stdout.Add, _ => { }),
        };
        store.Instantiate(_linker, WasmtimeHandles.Of(_component));
        return store;
    }

    [Fact]
    public void Environment_is_the_workloads()
    {
        using var store = NewStore(("GREETING", "hello"), ("EMPTY", ""));
        ComponentVal result = default;

        store.Call(_exports.Find("environment"), [], new Span<ComponentVal>(&result, 1));
        try
        {
            var pairs = new List<(string, string)>();
            foreach (var pair in Vals.ReadList(&result))
            {
                var tuple = Vals.ReadTuple(&pair);
                fixed (ComponentVal* items = tuple)
                {
                    pairs.Add((Vals.ReadString(items), Vals.ReadString(items + 1)));
                }
            }

            Assert.Equal([("GREETING", "hello"), ("EMPTY", "")], pairs);
        }
        finally
        {
            WasmtimeNative.ValDelete(&result);
        }
    }

    [Fact]
    public void Stdout_becomes_log_lines()
    {
        var store = NewStore();
        ComponentVal text = default;
        Vals.WriteBytes(&text, Encoding.UTF8.GetBytes("first line\nsecond "));
        store.Call(_exports.Find("say"), [text], []);
        WasmtimeNative.ValDelete(&text);
        Vals.WriteBytes(&text, "part"u8);
        store.Call(_exports.Find("say"), [text], []);
        WasmtimeNative.ValDelete(&text);

        Assert.Equal(["first line"], _stdout);
        store.Dispose();
        Assert.Equal(["first line", "second part"], _stdout);
    }

    [Fact]
    public void Random_bytes_have_the_length_asked_for_and_differ()
    {
        using var store = NewStore();
        ComponentVal length = default;
        Vals.WriteU64(&length, 32);
        ComponentVal first = default;
        ComponentVal second = default;

        store.Call(_exports.Find("random"), [length], new Span<ComponentVal>(&first, 1));
        store.Call(_exports.Find("random"), [length], new Span<ComponentVal>(&second, 1));
        try
        {
            Assert.Equal(32, Vals.ReadBytes(&first).Length);
            Assert.NotEqual(Vals.ReadBytes(&first), Vals.ReadBytes(&second));
        }
        finally
        {
            WasmtimeNative.ValDelete(&first);
            WasmtimeNative.ValDelete(&second);
        }
    }

    [Fact]
    public void Wall_clock_is_unix_time()
    {
        using var store = NewStore();
        ComponentVal seconds = default;

        store.Call(_exports.Find("now"), [], new Span<ComponentVal>(&seconds, 1));

        Assert.InRange((long)Vals.ReadU64(&seconds), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
    }

    [Fact]
    public void Exit_ends_the_call_with_its_status()
    {
        using var store = NewStore();

        Assert.Throws<ComponentModelException>(() => store.Call(_exports.Find("quit"), [], []));

        Assert.Equal(1, Assert.IsType<GuestExitException>(store.Fault).Status);
    }

    public void Dispose()
    {
        _exports.Dispose();
        _linker.Dispose();
        _component.Dispose();
        _engine.Dispose();
    }
}
