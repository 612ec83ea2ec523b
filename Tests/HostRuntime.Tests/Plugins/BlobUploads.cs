using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.HostRuntime.Plugins;
using Wasmcloud.HostRuntime.Plugins.Blobstore;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// Uploads through the host's blobstore binding exactly as a guest's calls drive it (new outgoing-value, write-data,
/// body writes, finish), without a guest: for tests that only need objects in place, and for the large-object test,
/// whose memory figures should be the host's alone. Components upload too (<c>BlobstoreTests</c>).
/// </summary>
internal static class BlobUploads
{
    public const int Block = 64 * 1024;

    public static BlobstoreBinding Binding(PluginHostFixture fixture, BlobstoreSettings? settings = null) =>
        new(fixture.Host.GetRequiredService<DataConnection>(), settings ?? new BlobstoreSettings(), "test-workload", NullLogger.Instance);

    /// <summary>Writes <paramref name="size"/> bytes from <paramref name="fill"/> (called per block with its index) into <paramref name="name"/>.</summary>
    public static async Task UploadAsync(BlobstoreBinding binding, string container, string name, long size, Action<byte[], long> fill, Action? sample = null)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var target = await binding.ContainerExistsAsync(container, cancellation)
            ? await binding.GetContainerAsync(container, cancellation)
            : await binding.CreateContainerAsync(container, cancellation);
        await Task.Run(
            () =>
            {
                using var value = new OutgoingBlob();
                var body = value.TakeBody()!;
                binding.WriteData(target, name, value);
                var block = new byte[Block];
                long index = 0;
                for (var left = size; left > 0; index++)
                {
                    fill(block, index);
                    var take = (int)Math.Min(left, block.Length);
                    body.WaitWritable(cancellation);
                    body.Write(block.AsSpan(0, take));
                    left -= take;
                    sample?.Invoke();
                }

                value.Finish(cancellation);
            },
            cancellation);
    }
}
