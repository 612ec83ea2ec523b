namespace Wasmcloud.Silo.Tests;

/// <summary>Files of the repository itself (samples, the chart), found from the test binaries upwards.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Orleans.sln above {AppContext.BaseDirectory}");
    }
}
