using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Standalone;

public sealed class StandaloneOptionsValidator : IValidateOptions<StandaloneOptions>
{
    public ValidateOptionsResult Validate(string? name, StandaloneOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled && !string.IsNullOrWhiteSpace(options.ManifestsPath) && !Directory.Exists(options.ManifestsPath))
        {
            failures.Add($"{StandaloneOptions.SectionName}:{nameof(options.ManifestsPath)} '{Path.GetFullPath(options.ManifestsPath)}' is not a folder.");
        }

        if (options.ManifestDebounce < TimeSpan.Zero)
        {
            failures.Add($"{StandaloneOptions.SectionName}:{nameof(options.ManifestDebounce)} must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
