using Wasmcloud.TestInfrastructure.Platform;

namespace Wasmcloud.Silo.Tests.Gateway;

/// <summary>The whole platform as real processes (NATS, a standalone silo, two hosts) plus the silo image in <c>--gateway</c> mode in front.</summary>
public sealed class GatewayPlatformFixture : PlatformFixture, IAsyncLifetime
{
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await Platform.StartGatewayAsync(TestContext.Current.CancellationToken);
    }
}
