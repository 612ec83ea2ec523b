using System.Diagnostics;
using System.Text;
using Wasmcloud.TestInfrastructure.Platform;

namespace Wasmcloud.TestInfrastructure.Oci;

/// <summary>The registry behind htpasswd basic auth (bcrypt, written by Apache's <c>htpasswd</c>), for auth success and failure.</summary>
public sealed class AuthenticatedRegistryFixture : RegistryFixture
{
    private readonly string _password = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    public override (string Username, string Password)? Credentials => ("puller", _password);

    private string HtpasswdPath => Path.Combine(Root, "htpasswd");

    protected override async Task PrepareAsync()
    {
        var start = new ProcessStartInfo(PlatformBinaries.FindExecutable("htpasswd", "HTPASSWD_BIN", "apt-get install apache2-utils"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // -B bcrypt (the only hash distribution accepts), -b password from the command line, -n print instead of editing a file.
        foreach (var arg in new[] { "-Bbn", "puller", _password })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("htpasswd did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"htpasswd failed with {process.ExitCode}: {await errors}");
        }

        await File.WriteAllTextAsync(HtpasswdPath, (await output).Trim() + "\n");
    }

    protected override void AppendConfiguration(StringBuilder yaml)
    {
        yaml.AppendLine("auth:");
        yaml.AppendLine("  htpasswd:");
        yaml.AppendLine("    realm: registry-fixture");
        yaml.AppendLine($"    path: {HtpasswdPath}");
    }
}
