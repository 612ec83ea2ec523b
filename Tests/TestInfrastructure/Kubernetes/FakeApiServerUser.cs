namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>Who a request to the fake API server comes from, as the real server's authenticator names it.</summary>
public sealed record FakeApiServerUser(string Name, IReadOnlyList<string> Groups)
{
    /// <summary>A ServiceAccount's user: <c>system:serviceaccount:ns:name</c>, in the groups every ServiceAccount is in.</summary>
    public static FakeApiServerUser ServiceAccount(string @namespace, string name) =>
        new($"system:serviceaccount:{@namespace}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{@namespace}", "system:authenticated"]);

    public override string ToString() => Name;
}
