using Wasmcloud.HostRuntime.Hosting.Internal;

namespace Wasmcloud.HostRuntime.Tests.Hosting;

/// <summary>The startup line names both NATS servers, never the credentials a URL may carry.</summary>
public sealed class StartupReportTests
{
    [Theory]
    [InlineData("nats://user:s3cret@nats.data:4222", "nats://***@nats.data:4222")]
    [InlineData("nats://token@nats.data:4222", "nats://***@nats.data:4222")]
    [InlineData("nats://nats.data:4222", "nats://nats.data:4222")]
    [InlineData("not a url", "not a url")]
    public void Nats_urls_are_logged_without_credentials(string url, string logged)
    {
        Assert.Equal(logged, StartupReport.WithoutCredentials(url));
    }
}
