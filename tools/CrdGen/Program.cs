using Wasmcloud.Silo.Kubernetes.Crds;

// Writes (or with --check, compares) the CRDs in charts/wasmcloud-orleans/crds, or in the folder given.
var check = args.Contains("--check");
var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
    ?? Path.Combine(RepositoryRoot(), CrdGenerator.ChartCrdsFolder);
Directory.CreateDirectory(folder);
var stale = 0;
foreach (var crd in CrdGenerator.Generate())
{
    var path = Path.Combine(folder, crd.FileName);
    var current = File.Exists(path) ? await File.ReadAllTextAsync(path) : null;
    if (current == crd.Yaml)
    {
        continue;
    }

    stale++;
    if (check)
    {
        await Console.Error.WriteLineAsync($"{path} differs from the model");
    }
    else
    {
        await File.WriteAllTextAsync(path, crd.Yaml);
        Console.WriteLine($"wrote {path}");
    }
}

return check && stale > 0 ? 1 : 0;

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("run inside the repository, or pass the output folder");
}
