namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>A request the fake API server's <see cref="FakeApiServerAuthorizer"/> refused, and the HTTP call it came as.</summary>
public sealed record FakeApiServerDenial(string User, FakeApiServerAccess? Access, string Method, string Path, string Query, int Status)
{
    public override string ToString() =>
        $"{Status} for {User}: {(Access is null ? "" : Access + " — ")}{Method} {Path}{Query}";
}
