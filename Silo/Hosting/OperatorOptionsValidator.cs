using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Hosting;

public sealed partial class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options) =>
        options.Namespace is { Length: <= 63 } ns && Rfc1123Label().IsMatch(ns)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{OperatorOptions.SectionName}:{nameof(options.Namespace)} '{options.Namespace}' is not a valid namespace name.");

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc1123Label();
}
