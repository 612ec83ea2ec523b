namespace Wasmcloud.HostRuntime.Plugins;

/// <summary>
/// A component import served by a named <c>hostInterfaces</c> entry: WIT's <c>import cache: wasi:keyvalue/store@0.2.0-draft;</c>
/// is the import <paramref name="Label"/> <c>cache</c>, served by the entry <c>name: cache</c> of
/// <paramref name="Package"/> (<c>wasi:keyvalue</c>, <c>wasi:blobstore</c> or <c>wasmcloud:secrets</c>).
/// </summary>
internal sealed record NamedImport(string Label, string Package);
