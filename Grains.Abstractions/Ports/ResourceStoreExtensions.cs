using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Abstractions.Ports;

public static class ResourceStoreExtensions
{
    private const int MaxConflictRetries = 5;

    /// <summary>
    /// Reads the object, applies <paramref name="mutate"/> and writes it back (status or metadata/spec),
    /// re-reading and re-applying on a 409. <paramref name="mutate"/> returns false when nothing needs writing.
    /// Returns the stored object, or null when it no longer exists.
    /// </summary>
    public static async Task<T?> MutateAsync<T>(
        this IResourceStore store, string @namespace, string name, Func<T, bool> mutate, bool status, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetAsync<T>(@namespace, name, cancellationToken);
            if (current is null)
            {
                return null;
            }

            if (!mutate(current))
            {
                return current;
            }

            try
            {
                return status
                    ? await store.UpdateStatusAsync(current, cancellationToken)
                    : await store.UpdateAsync(current, cancellationToken);
            }
            catch (ResourceConflictException) when (attempt < MaxConflictRetries)
            {
            }
            catch (ResourceNotFoundException)
            {
                return null;
            }
        }
    }
}
