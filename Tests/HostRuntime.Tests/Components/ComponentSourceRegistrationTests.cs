using Microsoft.Extensions.DependencyInjection;
using Wasmcloud.HostRuntime.Components;
using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Tests.Components;

public sealed class ComponentSourceRegistrationTests
{
    [Fact]
    public void The_host_pulls_through_the_oci_source_into_the_configured_cache()
    {
        var cacheDir = Path.Combine(Path.GetTempPath(), $"oci-cache-di-{Guid.NewGuid():N}");
        try
        {
            using var provider = new ServiceCollection()
                .AddLogging()
                .AddHostRuntime(new HostRuntimeOptions { OciCacheDir = cacheDir })
                .BuildServiceProvider();

            Assert.IsType<OciComponentSource>(provider.GetRequiredService<IComponentSource>());
            Assert.Equal(cacheDir, provider.GetRequiredService<ComponentCache>().Root);
            Assert.True(Directory.Exists(Path.Combine(cacheDir, "blobs")));
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
        }
    }

    [Fact]
    public void A_source_registered_first_wins()
    {
        var fake = new FakeSource();
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IComponentSource>(fake)
            .AddHostRuntime(new HostRuntimeOptions())
            .BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<IComponentSource>());
    }

    private sealed class FakeSource : IComponentSource
    {
        public Task<FetchedComponent> FetchAsync(ComponentReference reference, CancellationToken cancellationToken) =>
            throw new ComponentFetchException("fake");
    }
}
