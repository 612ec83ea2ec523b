using System.Buffers;
using System.Security.Cryptography;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

/// <summary>
/// WASI 0.2 interfaces implemented in C#: <c>wasi:io</c> (error, poll, streams), <c>wasi:clocks</c>,
/// <c>wasi:random</c>, <c>wasi:cli</c> (environment, exit, std streams, terminals) and an empty
/// <c>wasi:filesystem</c> (no preopens). Defined at <see cref="Version"/>; Wasmtime's linker matches any 0.2.x import.
/// </summary>
/// <remarks>
/// These must be ours rather than Wasmtime's native WASI because <c>wasi:http/types</c> is ours: its streams and
/// pollables are <c>wasi:io</c> resources, and a resource type is either native or C#, never both (mixing them fails
/// instantiation with "resource type mismatch"). Everything here runs on the store's thread; blocking calls wait with
/// the store's interrupt token, so a deadline or a departed client ends them.
/// </remarks>
internal static unsafe class WasiInterfaces
{
    public const string Version = "0.2.12";

    /// <summary>The most bytes one <c>get-random-bytes</c> call may ask for; more traps.</summary>
    private const ulong MaxRandomBytes = 16 * 1024 * 1024;

    public static void Define(HostLinker linker)
    {
        linker.DefineInterface($"wasi:io/error@{Version}", i =>
        {
            i.Resource("error", WasiResourceTypes.IoError);
            i.Function("[method]error.to-debug-string", ErrorToDebugString);
        });
        linker.DefineInterface($"wasi:io/poll@{Version}", i =>
        {
            i.Resource("pollable", WasiResourceTypes.Pollable);
            i.Function("[method]pollable.ready", PollableReady);
            i.Function("[method]pollable.block", PollableBlock);
            i.Function("poll", Poll);
        });
        linker.DefineInterface($"wasi:io/streams@{Version}", i =>
        {
            i.Resource("input-stream", WasiResourceTypes.InputStream);
            i.Resource("output-stream", WasiResourceTypes.OutputStream);
            i.Function("[method]input-stream.read", (ref HostCall c) => InputRead(ref c, blocking: false));
            i.Function("[method]input-stream.blocking-read", (ref HostCall c) => InputRead(ref c, blocking: true));
            i.Function("[method]input-stream.skip", (ref HostCall c) => InputSkip(ref c, blocking: false));
            i.Function("[method]input-stream.blocking-skip", (ref HostCall c) => InputSkip(ref c, blocking: true));
            i.Function("[method]input-stream.subscribe", InputSubscribe);
            i.Function("[method]output-stream.check-write", OutputCheckWrite);
            i.Function("[method]output-stream.write", (ref HostCall c) => OutputWrite(ref c, blocking: false));
            i.Function("[method]output-stream.blocking-write-and-flush", (ref HostCall c) => OutputWrite(ref c, blocking: true));
            i.Function("[method]output-stream.flush", (ref HostCall c) => OutputFlush(ref c, blocking: false));
            i.Function("[method]output-stream.blocking-flush", (ref HostCall c) => OutputFlush(ref c, blocking: true));
            i.Function("[method]output-stream.subscribe", OutputSubscribe);
            i.Function("[method]output-stream.write-zeroes", (ref HostCall c) => OutputWriteZeroes(ref c, blocking: false));
            i.Function("[method]output-stream.blocking-write-zeroes-and-flush", (ref HostCall c) => OutputWriteZeroes(ref c, blocking: true));
            i.Function("[method]output-stream.splice", (ref HostCall c) => OutputSplice(ref c, blocking: false));
            i.Function("[method]output-stream.blocking-splice", (ref HostCall c) => OutputSplice(ref c, blocking: true));
        });
        linker.DefineInterface($"wasi:clocks/monotonic-clock@{Version}", i =>
        {
            i.Function("now", (ref HostCall c) => Vals.WriteU64(c.Result(), MonotonicClock.Now()));
            i.Function("resolution", (ref HostCall c) => Vals.WriteU64(c.Result(), MonotonicClock.Resolution));
            i.Function("subscribe-instant", (ref HostCall c) =>
                c.WriteOwn(c.Result(), WasiResourceTypes.Pollable, new TimerPollable(Vals.ReadU64(c.Arg(0)))));
            i.Function("subscribe-duration", (ref HostCall c) =>
            {
                var duration = Vals.ReadU64(c.Arg(0));
                var now = MonotonicClock.Now();
                c.WriteOwn(c.Result(), WasiResourceTypes.Pollable, new TimerPollable(ulong.MaxValue - now < duration ? ulong.MaxValue : now + duration));
            });
        });
        linker.DefineInterface($"wasi:clocks/wall-clock@{Version}", i =>
        {
            i.Function("now", (ref HostCall c) =>
            {
                var since = DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch;
                WriteDatetime(c.Result(), (ulong)since.Ticks / TimeSpan.TicksPerSecond, (uint)(since.Ticks % TimeSpan.TicksPerSecond * 100));
            });
            i.Function("resolution", (ref HostCall c) => WriteDatetime(c.Result(), 0, 100));
        });
        linker.DefineInterface($"wasi:random/random@{Version}", i =>
        {
            i.Function("get-random-bytes", (ref HostCall c) => WriteRandomBytes(c.Result(), Vals.ReadU64(c.Arg(0))));
            i.Function("get-random-u64", (ref HostCall c) => Vals.WriteU64(c.Result(), RandomU64()));
        });
        linker.DefineInterface($"wasi:random/insecure@{Version}", i =>
        {
            i.Function("get-insecure-random-bytes", (ref HostCall c) => WriteRandomBytes(c.Result(), Vals.ReadU64(c.Arg(0))));
            i.Function("get-insecure-random-u64", (ref HostCall c) => Vals.WriteU64(c.Result(), RandomU64()));
        });
        linker.DefineInterface($"wasi:random/insecure-seed@{Version}", i =>
            i.Function("insecure-seed", (ref HostCall c) =>
            {
                var pair = Vals.WriteTuple(c.Result(), 2);
                Vals.WriteU64(&pair[0], RandomU64());
                Vals.WriteU64(&pair[1], RandomU64());
            }));
        linker.DefineInterface($"wasi:cli/environment@{Version}", i =>
        {
            i.Function("get-environment", GetEnvironment);
            i.Function("get-arguments", (ref HostCall c) => Vals.WriteList(c.Result(), 0));
            i.Function("initial-cwd", (ref HostCall c) => Vals.WriteNone(c.Result()));
        });
        linker.DefineInterface($"wasi:cli/exit@{Version}", i =>
        {
            i.Function("exit", (ref HostCall c) =>
                throw new GuestExitException(Vals.ReadResult(c.Arg(0), out _) ? 0 : 1));
            i.Function("exit-with-code", (ref HostCall c) => throw new GuestExitException(Vals.ReadU8(c.Arg(0))));
        });
        linker.DefineInterface($"wasi:cli/stdin@{Version}", i =>
            i.Function("get-stdin", (ref HostCall c) => c.WriteOwn(c.Result(), WasiResourceTypes.InputStream, new EmptyInputStream())));
        linker.DefineInterface($"wasi:cli/stdout@{Version}", i =>
            i.Function("get-stdout", (ref HostCall c) => c.WriteOwn(c.Result(), WasiResourceTypes.OutputStream, c.Host<WasiContext>().NewStdout())));
        linker.DefineInterface($"wasi:cli/stderr@{Version}", i =>
            i.Function("get-stderr", (ref HostCall c) => c.WriteOwn(c.Result(), WasiResourceTypes.OutputStream, c.Host<WasiContext>().NewStderr())));

        // Not a terminal: every get-terminal-* answers none, so the resources are never made.
        linker.DefineInterface($"wasi:cli/terminal-input@{Version}", i => i.Resource("terminal-input", WasiResourceTypes.TerminalInput));
        linker.DefineInterface($"wasi:cli/terminal-output@{Version}", i => i.Resource("terminal-output", WasiResourceTypes.TerminalOutput));
        linker.DefineInterface($"wasi:cli/terminal-stdin@{Version}", i => i.Function("get-terminal-stdin", (ref HostCall c) => Vals.WriteNone(c.Result())));
        linker.DefineInterface($"wasi:cli/terminal-stdout@{Version}", i => i.Function("get-terminal-stdout", (ref HostCall c) => Vals.WriteNone(c.Result())));
        linker.DefineInterface($"wasi:cli/terminal-stderr@{Version}", i => i.Function("get-terminal-stderr", (ref HostCall c) => Vals.WriteNone(c.Result())));

        DefineFilesystem(linker);
    }

    /// <summary>
    /// <c>stream-error</c> into <paramref name="result"/> as the error side of a result: <c>closed</c>, or
    /// <c>last-operation-failed</c> with a new <c>wasi:io/error</c> carrying the message.
    /// </summary>
    public static void WriteStreamError(ref HostCall call, ComponentVal* result, StreamFailure failure)
    {
        ComponentVal error;
        if (failure.IsClosed)
        {
            Vals.WriteVariant(&error, "closed"u8);
        }
        else
        {
            ComponentVal payload;
            call.WriteOwn(&payload, WasiResourceTypes.IoError, new IoError(failure.Message));
            Vals.WriteVariant(&error, "last-operation-failed"u8, &payload);
        }

        Vals.WriteErr(result, &error);
    }

    private static void ErrorToDebugString(ref HostCall call) => Vals.WriteString(call.Result(), call.Borrow<IoError>(0).Message);

    private static void PollableReady(ref HostCall call) => Vals.WriteBool(call.Result(), call.Borrow<Pollable>(0).IsReady);

    private static void PollableBlock(ref HostCall call) => call.Borrow<Pollable>(0).Block(call.Store.Interrupt);

    private static void Poll(ref HostCall call)
    {
        var list = Vals.ReadList(call.Arg(0));
        var pollables = new Pollable[list.Length];
        fixed (ComponentVal* elements = list)
        {
            for (var i = 0; i < list.Length; i++)
            {
                pollables[i] = call.BorrowNested<Pollable>(elements + i);
            }
        }

        var ready = Pollable.Poll(pollables, call.Store.Interrupt);
        var result = Vals.WriteList(call.Result(), ready.Count);
        for (var i = 0; i < ready.Count; i++)
        {
            Vals.WriteU32(result + i, ready[i]);
        }
    }

    private static void InputRead(ref HostCall call, bool blocking)
    {
        var stream = call.Borrow<InputStream>(0);
        var length = (int)Math.Min(Vals.ReadU64(call.Arg(1)), InputStream.MaxRead);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var read = blocking ? stream.BlockingRead(buffer.AsSpan(0, length), call.Store.Interrupt) : stream.Read(buffer.AsSpan(0, length));
            ComponentVal bytes;
            Vals.WriteBytes(&bytes, buffer.AsSpan(0, read));
            Vals.WriteOk(call.Result(), &bytes);
        }
        catch (StreamFailure failure)
        {
            WriteStreamError(ref call, call.Result(), failure);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void InputSkip(ref HostCall call, bool blocking)
    {
        var stream = call.Borrow<InputStream>(0);
        var length = (int)Math.Min(Vals.ReadU64(call.Arg(1)), InputStream.MaxRead);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var read = blocking ? stream.BlockingRead(buffer.AsSpan(0, length), call.Store.Interrupt) : stream.Read(buffer.AsSpan(0, length));
            ComponentVal skipped;
            Vals.WriteU64(&skipped, (ulong)read);
            Vals.WriteOk(call.Result(), &skipped);
        }
        catch (StreamFailure failure)
        {
            WriteStreamError(ref call, call.Result(), failure);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void InputSubscribe(ref HostCall call) =>
        call.WriteOwn(call.Result(), WasiResourceTypes.Pollable, call.Borrow<InputStream>(0).Subscribe());

    private static void OutputCheckWrite(ref HostCall call)
    {
        var stream = call.Borrow<OutputStream>(0);
        try
        {
            ComponentVal permitted;
            Vals.WriteU64(&permitted, (ulong)stream.CheckWrite());
            Vals.WriteOk(call.Result(), &permitted);
        }
        catch (StreamFailure failure)
        {
            WriteStreamError(ref call, call.Result(), failure);
        }
    }

    private static void OutputWrite(ref HostCall call, bool blocking)
    {
        var stream = call.Borrow<OutputStream>(0);
        var list = Vals.ReadList(call.Arg(1));
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(list.Length, 1));
        try
        {
            var bytes = buffer.AsSpan(0, list.Length);
            Vals.CopyBytes(list, bytes);
            if (blocking)
            {
                stream.WaitWritable(call.Store.Interrupt);
                stream.Write(bytes);
                stream.BlockingFlush(call.Store.Interrupt);
            }
            else
            {
                stream.Write(bytes);
            }

            Vals.WriteOk(call.Result());
        }
        catch (StreamFailure failure)
        {
            WriteStreamError(ref call, call.Result(), failure);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void OutputFlush(ref HostCall call, bool blocking)
    {
        var stream = call.Borrow<OutputStream>(0);
        try
        {
            if (blocking)
            {
                stream.BlockingFlush(call.Store.Interrupt);
            }
            else
            {
                stream.Flush();
            }

            Vals.WriteOk(call.Result());
        }
        catch (StreamFailure failure)
        {
            WriteStreamError(ref call, call.Result(), failure);
        }
    }

    private static void OutputSubscribe(ref HostCall call) =>
        call.WriteOwn(call.Result(), WasiResourceTypes.Pollable, call.Borrow<OutputStream>(0).Subscribe());

    private static void OutputWriteZeroes(ref HostCall call, bool blocking)
    {
        var stream = call.Borrow<OutputStream>(0);
        var length = Vals.ReadU64(call.Arg(1));
        try
        {
            var zeroes = new byte[Math.Min(length, (ulong)InputStream.MaxRead)];
            for (var left = length; left > 0;)
            {
                var chunk = (int)Math.Min(left, (ulong)zeroes.Length);
                if (blocking)
                {
                    stream.WaitWritable(call.Store.Interrupt);
                }

                stream.Write(zeroes.AsSpan(0, chunk));
                left -= (ulong)chunk;
            }

            if (blocking)
            {
                stream.BlockingFlush(call.Store.Interrupt);
            }

            Vals.WriteOk(call.Result());
        }
        catch (StreamFailure failure)
        {
            WriteStreamError(ref call, call.Result(), failure);
        }
    }

    private static void OutputSplice(ref HostCall call, bool blocking)
    {
        var output = call.Borrow<OutputStream>(0);
        var input = call.Borrow<InputStream>(1);
        var length = (int)Math.Min(Vals.ReadU64(call.Arg(2)), InputStream.MaxRead);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            if (blocking)
            {
                output.WaitWritable(call.Store.Interrupt);
            }

            var room = (int)Math.Min(length, output.CheckWrite());
            var read = blocking ? input.BlockingRead(buffer.AsSpan(0, room), call.Store.Interrupt) : input.Read(buffer.AsSpan(0, room));
            output.Write(buffer.AsSpan(0, read));
            if (blocking)
            {
                output.BlockingFlush(call.Store.Interrupt);
            }

            ComponentVal spliced;
            Vals.WriteU64(&spliced, (ulong)read);
            Vals.WriteOk(call.Result(), &spliced);
        }
        catch (StreamFailure failure)
        {
            WriteStreamError(ref call, call.Result(), failure);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteDatetime(ComponentVal* value, ulong seconds, uint nanoseconds)
    {
        var fields = Vals.WriteRecord(value, 2);
        Vals.WriteU64(Vals.WriteField(fields, "seconds"u8), seconds);
        Vals.WriteU32(Vals.WriteField(fields + 1, "nanoseconds"u8), nanoseconds);
    }

    private static void WriteRandomBytes(ComponentVal* value, ulong length)
    {
        if (length > MaxRandomBytes)
        {
            throw new InvalidOperationException($"{length} random bytes requested; the most is {MaxRandomBytes}");
        }

        var bytes = new byte[length];
        RandomNumberGenerator.Fill(bytes);
        Vals.WriteBytes(value, bytes);
    }

    private static ulong RandomU64()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    private static void GetEnvironment(ref HostCall call)
    {
        var environment = call.Host<WasiContext>().Environment;
        var list = Vals.WriteList(call.Result(), environment.Count);
        for (var i = 0; i < environment.Count; i++)
        {
            var pair = Vals.WriteTuple(list + i, 2);
            Vals.WriteString(&pair[0], environment[i].Key);
            Vals.WriteString(&pair[1], environment[i].Value);
        }
    }

    private static void DefineFilesystem(HostLinker linker)
    {
        // No preopens, so no descriptor ever exists and every descriptor method is unreachable; they are defined
        // because components (componentize-js ones among them) import them whether or not they use files.
        string[] descriptorMethods =
        [
            "read-via-stream", "write-via-stream", "append-via-stream", "advise", "sync-data", "get-flags", "get-type",
            "set-size", "set-times", "read", "write", "read-directory", "sync", "create-directory-at", "stat", "stat-at",
            "set-times-at", "link-at", "open-at", "readlink-at", "remove-directory-at", "rename-at", "symlink-at",
            "unlink-file-at", "is-same-object", "metadata-hash", "metadata-hash-at",
        ];
        linker.DefineInterface($"wasi:filesystem/types@{Version}", i =>
        {
            i.Resource("descriptor", WasiResourceTypes.Descriptor);
            i.Resource("directory-entry-stream", WasiResourceTypes.DirectoryEntryStream);
            foreach (var method in descriptorMethods)
            {
                i.Function($"[method]descriptor.{method}", NoDescriptors);
            }

            i.Function("[method]directory-entry-stream.read-directory-entry", NoDescriptors);
            i.Function("filesystem-error-code", (ref HostCall c) => Vals.WriteNone(c.Result()));
        });
        linker.DefineInterface($"wasi:filesystem/preopens@{Version}", i =>
            i.Function("get-directories", (ref HostCall c) => Vals.WriteList(c.Result(), 0)));
    }

    private static void NoDescriptors(ref HostCall call) => throw new InvalidOperationException("no filesystem descriptors exist in this host");
}

/// <summary>The guest called <c>wasi:cli/exit</c>: it ends the call like a trap, with a status.</summary>
internal sealed class GuestExitException : Exception
{
    public GuestExitException()
    {
    }

    public GuestExitException(string message)
        : base(message)
    {
    }

    public GuestExitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GuestExitException(int status)
        : base($"the component called exit with status {status}") => Status = status;

    public int Status { get; }
}
