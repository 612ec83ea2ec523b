namespace Wasmcloud.Silo.Access;

/// <summary>
/// Decides whether a request may read an operator page (<c>/dashboard</c>, <c>/metrics</c>): loopback-only in
/// standalone mode, TokenReview plus SubjectAccessReview in Kubernetes mode.
/// </summary>
public interface IAccessReviewer
{
    /// <param name="nonResourcePath">The non-resource URL the caller needs <c>get</c> on, e.g. <c>/dashboard</c>.</param>
    Task<AccessVerdict> ReviewAsync(HttpContext context, string nonResourcePath, CancellationToken cancellationToken);
}
