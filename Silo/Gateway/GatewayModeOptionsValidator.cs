using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Gateway;

public sealed class GatewayModeOptionsValidator : IValidateOptions<GatewayModeOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayModeOptions options)
    {
        var errors = new List<string>();
        if (options.Silos.Count == 0)
        {
            errors.Add("Gateway:Silos must name at least one silo gateway endpoint (host:port), e.g. --Gateway:Silos:0=wasmcloud-silo:30000");
        }

        foreach (var silo in options.Silos)
        {
            if (!SiloEndpoint.TryParse(silo, out _))
            {
                errors.Add($"Gateway:Silos entry '{silo}' is not host:port with a port between 1 and 65535");
            }
        }

        if (!string.IsNullOrEmpty(options.FallbackEndpoint)
            && !(Uri.TryCreate(options.FallbackEndpoint, UriKind.Absolute, out var fallback) && fallback.Scheme is "http" or "https"))
        {
            errors.Add($"Gateway:FallbackEndpoint must be an absolute http or https URL (got '{options.FallbackEndpoint}')");
        }

        if (options.PollTimeout <= TimeSpan.Zero || options.PollTimeout > TimeSpan.FromSeconds(20))
        {
            errors.Add($"Gateway:PollTimeout must be above 0 and at most 20 s, inside Orleans' response timeout (got {options.PollTimeout})");
        }

        if (options.SiloListRefreshPeriod <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:SiloListRefreshPeriod must be positive (got {options.SiloListRefreshPeriod})");
        }

        if (options.BackendConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:BackendConnectTimeout must be positive (got {options.BackendConnectTimeout})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
