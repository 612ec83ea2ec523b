using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Standalone;

public sealed class InMemoryResourceStoreOptionsValidator : IValidateOptions<InMemoryResourceStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, InMemoryResourceStoreOptions options)
    {
        var failures = new List<string>();
        if (options.WatchHistorySize < 1)
        {
            failures.Add($"{nameof(options.WatchHistorySize)} must be at least 1.");
        }

        if (options.BookmarkInterval < 1 || options.BookmarkInterval > options.WatchHistorySize)
        {
            failures.Add($"{nameof(options.BookmarkInterval)} must be between 1 and {nameof(options.WatchHistorySize)}.");
        }

        if (options.MaxEvents < 1)
        {
            failures.Add($"{nameof(options.MaxEvents)} must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
