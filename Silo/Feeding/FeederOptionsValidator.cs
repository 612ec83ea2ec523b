using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Feeding;

public sealed class FeederOptionsValidator : IValidateOptions<FeederOptions>
{
    public ValidateOptionsResult Validate(string? name, FeederOptions options)
    {
        var failures = new List<string>();
        if (options.InitialBackoff <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.InitialBackoff)} must be positive.");
        }

        if (options.MaxBackoff < options.InitialBackoff)
        {
            failures.Add($"{nameof(options.MaxBackoff)} must not be below {nameof(options.InitialBackoff)}.");
        }

        if (options.MaxConcurrentDispatches < 1)
        {
            failures.Add($"{nameof(options.MaxConcurrentDispatches)} must be at least 1.");
        }

        if (options.MaxDispatchAttempts < 1)
        {
            failures.Add($"{nameof(options.MaxDispatchAttempts)} must be at least 1.");
        }

        if (options.Namespaces.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{nameof(options.Namespaces)} must not contain empty names.");
        }

        if (options.HostNamespace is { } hostNamespace && string.IsNullOrWhiteSpace(hostNamespace))
        {
            failures.Add($"{nameof(options.HostNamespace)} must not be blank; leave it unset to follow {nameof(options.Namespaces)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
