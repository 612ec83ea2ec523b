namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>The <c>scale</c> subresource of a CRD: dotted JSON paths such as <c>.spec.replicas</c>.</summary>
public sealed record FakeApiServerScale(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);
