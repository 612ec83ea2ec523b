namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>The object behind a guest's <c>stream-object-names</c> handle: a listing and the container it lists.</summary>
internal sealed record ObjectNameCursor(BlobContainer Container, ObjectNameStream Names);
