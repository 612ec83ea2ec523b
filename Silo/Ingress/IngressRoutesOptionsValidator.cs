using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Ingress;

public sealed class IngressRoutesOptionsValidator : IValidateOptions<IngressRoutesOptions>
{
    public ValidateOptionsResult Validate(string? name, IngressRoutesOptions options)
    {
        var errors = new List<string>();
        if (options.PublishDelay < TimeSpan.Zero || options.PublishDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"IngressRoutes:PublishDelay must be between 0 and 1 minute (got {options.PublishDelay})");
        }

        if (options.StampCheckInterval <= TimeSpan.Zero)
        {
            errors.Add($"IngressRoutes:StampCheckInterval must be positive (got {options.StampCheckInterval})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
