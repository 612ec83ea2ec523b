using Wasmcloud.HostRuntime.Components;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Oci;

namespace Wasmcloud.HostRuntime.Tests.Components;

/// <summary><c>file://</c> references, for development: the file is used where it is, whatever the pull policy.</summary>
public sealed class FileReferenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("file-ref-").FullName;
    private readonly ComponentSourceHarness _harness = new();

    [Theory]
    [InlineData(ImagePullPolicy.Unspecified)]
    [InlineData(ImagePullPolicy.Always)]
    [InlineData(ImagePullPolicy.Never)]
    public async Task An_absolute_path_is_returned_as_is_with_its_digest(ImagePullPolicy policy)
    {
        var content = ComponentSourceHarness.NewComponent();
        var path = Path.Combine(_dir, "my component.wasm");
        await File.WriteAllBytesAsync(path, content, TestContext.Current.CancellationToken);
        var image = new Uri(path).AbsoluteUri;

        var fetched = await _harness.FetchAsync(image, policy);

        Assert.Equal(image, fetched.Image);
        Assert.Equal(path, fetched.LocalPath);
        Assert.Equal(RegistryFixture.Digest(content), fetched.Digest);
        Assert.Empty(_harness.CachedFiles("blobs"));
        Assert.Empty(_harness.Handler.Requests);
    }

    [Fact]
    public async Task A_missing_file_names_the_path()
    {
        var path = Path.Combine(_dir, "absent.wasm");

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => _harness.FetchAsync("file://" + path));

        Assert.Equal($"failed to pull image 'file://{path}': file not found: {path}", error.Message);
    }

    [Theory]
    [InlineData("file://relative/component.wasm")]
    [InlineData("file://component.wasm")]
    [InlineData("file://")]
    public async Task A_relative_path_is_refused(string image)
    {
        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => _harness.FetchAsync(image));

        Assert.Contains("must be an absolute path", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _harness.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
