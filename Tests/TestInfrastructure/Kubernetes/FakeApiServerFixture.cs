using k8s;
using Xunit;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>One fake API server and a real client for a test collection; tests keep to their own namespaces.</summary>
public class FakeApiServerFixture : IAsyncLifetime
{
    private FakeApiServer? _server;
    private IKubernetes? _client;

    public FakeApiServer Server => _server ?? throw new InvalidOperationException("the fake API server is not started");

    public IKubernetes Client => _client ?? throw new InvalidOperationException("the fake API server is not started");

    /// <summary>A namespace no other test uses.</summary>
    public static string NewNamespace() => $"t-{Guid.NewGuid().ToString("N")[..8]}";

    public virtual async ValueTask InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync(TimeSpan.FromMilliseconds(200));
        _client = _server.CreateClient();
    }

    public virtual async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
