namespace Wasmcloud.Silo.Access;

/// <summary>What an <see cref="IAccessReviewer"/> decided about one request, mapped to 200, 401 or 403.</summary>
public enum AccessVerdict
{
    Allowed,

    /// <summary>No credentials, or ones the cluster does not accept: 401.</summary>
    Unauthenticated,

    /// <summary>Known caller (or a non-loopback one in standalone mode) without permission: 403.</summary>
    Forbidden,
}
