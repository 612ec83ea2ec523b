using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// Bodies far larger than any buffer stream through an echo component, request and response at once, and the host's
/// memory stays flat: its managed heap and working set rise by a small fraction of the body, never by the body.
/// </summary>
[Collection(LargeBodyCollection.Name)]
public sealed class LargeBodyTests(LongRequestHostFixture fixture)
{
    private const long MiB = 1024 * 1024;
    private const int Chunk = 64 * 1024;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Large_body_streams_through_the_echo_while_memory_stays_flat()
    {
        const string component = Fixtures.JsEcho;
        const int mebibytes = 64;
        var host = await fixture.ServeAsync(component, "large");
        var size = mebibytes * MiB;

        // A small echo first, so one-time costs (JIT, the first instance) are not counted as growth.
        var warm = await EchoAsync(host, Chunk, new MemoryPeak());
        Assert.True(warm.Status == 200, warm.Text);
        var peak = new MemoryPeak();
        var stopwatch = Stopwatch.StartNew();
        var echo = await EchoAsync(host, size, peak);
        var elapsed = stopwatch.Elapsed;

        TestContext.Current.SendDiagnosticMessage(
            $"{component}: {mebibytes} MiB echoed in {elapsed.TotalSeconds:0.0} s ({mebibytes / elapsed.TotalSeconds:0.0} MiB/s); " +
            $"peak growth: managed heap after collection {peak.HeapGrowth / (double)MiB:0.0} MiB ({peak.Collections} gen0 collections), working set {peak.WorkingSetGrowth / (double)MiB:0.0} MiB");
        Assert.Equal(200, echo.Status);
        Assert.Equal(size, echo.Received);
        Assert.Equal(Convert.ToHexString(echo.SentHash), Convert.ToHexString(echo.ReceivedHash));
        Assert.True(peak.HeapGrowth < size / 4, $"the managed heap grew by {peak.HeapGrowth / MiB} MiB while {mebibytes} MiB streamed");
        Assert.True(peak.WorkingSetGrowth < size / 2, $"the working set grew by {peak.WorkingSetGrowth / MiB} MiB while {mebibytes} MiB streamed");
    }

    /// <summary>
    /// POSTs <paramref name="size"/> bytes over a raw connection while reading the echoed response at the same time,
    /// hashing both sides and sampling memory after every chunk.
    /// </summary>
    private async Task<EchoResult> EchoAsync(string host, long size, MemoryPeak peak)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, fixture.Port, Cancellation);
        var stream = client.GetStream();
        var head = $"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: {size}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Cancellation);

        var sending = Task.Run(() => SendBodyAsync(stream, size, peak), Cancellation);
        using var received = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var response = new RawHttpResponse(stream);
        var text = new StringBuilder();
        var length = await response.ReadAsync(
            piece =>
            {
                if (text.Length < 1024)
                {
                    text.Append(Encoding.UTF8.GetString(piece[..Math.Min(piece.Length, 1024)]));
                }

                received.AppendData(piece);
                peak.Sample();
            },
            Cancellation);
        var sent = await sending;
        return new EchoResult(response.Status, length, sent, received.GetHashAndReset(), text.ToString());
    }

    /// <summary>The body: a random block repeated, each copy stamped with its index so reordered chunks show.</summary>
    private static async Task<byte[]> SendBodyAsync(NetworkStream stream, long size, MemoryPeak peak)
    {
        var block = RandomNumberGenerator.GetBytes(Chunk);
        using var sent = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long index = 0;
        for (var left = size; left > 0; index++)
        {
            BitConverter.TryWriteBytes(block, index);
            var take = (int)Math.Min(left, block.Length);
            await stream.WriteAsync(block.AsMemory(0, take), Cancellation);
            sent.AppendData(block, 0, take);
            left -= take;
            peak.Sample();
        }

        return sent.GetHashAndReset();
    }

    private sealed record EchoResult(int Status, long Received, byte[] SentHash, byte[] ReceivedHash, string Text);
}
