namespace Wasmcloud.Grains.Naming;

/// <summary>32-bit FNV-1a, the hash the reference uses for names and template hashes.</summary>
internal static class Fnv32a
{
    public static uint Hash(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }
}
