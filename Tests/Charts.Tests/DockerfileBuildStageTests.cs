using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Wasmcloud.Charts.Tests;

/// <summary>
/// Runs each Dockerfile's build stage without Docker (no daemon here): a fresh folder gets exactly what its
/// <c>COPY</c> lines copy (minus what .dockerignore leaves out), then its <c>RUN</c> lines run there with <c>/app</c>
/// pointing into the folder. So the restore and publish commands, the copied project closure and the checks on the
/// output (<c>test -f /app/libwasmtime.so</c>) are the image's own.
/// </summary>
public sealed partial class DockerfileBuildStageTests
{
    private static readonly string[] s_ignoredFolders = ["bin", "obj", "TestResults", "node_modules", ".git"];

    [Theory]
    [MemberData(nameof(DockerfileTests.Images), MemberType = typeof(DockerfileTests))]
    public async Task The_build_stage_restores_and_publishes_from_only_what_it_copies(string dockerfile, string project, string dll)
    {
        _ = project;
        var context = Directory.CreateTempSubdirectory("dockerfile-build-").FullName;
        try
        {
            var app = Path.Combine(context, "app");
            var workdir = context;
            foreach (var (instruction, argument) in BuildStage(File.ReadAllText(Path.Combine(Helm.Root, dockerfile))))
            {
                switch (instruction)
                {
                    case "WORKDIR":
                        workdir = Path.Combine(context, argument.TrimStart('/'));
                        Directory.CreateDirectory(workdir);
                        break;
                    case "COPY" when !argument.StartsWith("--from", StringComparison.Ordinal):
                        Copy(argument, workdir);
                        break;
                    case "RUN":
                        var command = AppPath().Replace(argument, app);
                        var (code, output) = await RunAsync(command, workdir);
                        Assert.True(code == 0, $"{dockerfile}: RUN {argument}\nexited {code}:\n{output}");
                        break;
                }
            }

            Assert.True(File.Exists(Path.Combine(app, dll)), $"{dockerfile}: {dll} was not published");

            // The runtime stage (chiseled, no shell) only copies from the build stage: everything it copies is there.
            foreach (Match copy in CopyFromBuild().Matches(File.ReadAllText(Path.Combine(Helm.Root, dockerfile))))
            {
                var source = Path.Combine(context, copy.Groups["src"].Value.TrimStart('/'));
                Assert.True(File.Exists(source) || Directory.Exists(source), $"{dockerfile}: COPY --from=build {copy.Groups["src"].Value}: the build stage did not make it");
            }
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>The instructions of the first stage, continuation lines joined, comments dropped.</summary>
    private static IEnumerable<(string Instruction, string Argument)> BuildStage(string text)
    {
        var joined = text.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');
        var stages = 0;
        foreach (var line in joined.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var instruction = line[..space];
            if (instruction == "FROM" && ++stages > 1)
            {
                yield break;
            }

            yield return (instruction, Regex.Replace(line[(space + 1)..], @"\s+", " ").Trim());
        }
    }

    /// <summary><c>COPY src... dest</c> relative to the repository (the build context) and the working directory.</summary>
    private static void Copy(string argument, string workdir)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
        var destination = Path.GetFullPath(Path.Combine(workdir, parts[^1]));
        foreach (var source in parts[..^1])
        {
            var from = Path.Combine(Helm.Root, source);
            if (Directory.Exists(from))
            {
                CopyFolder(from, destination);
            }
            else
            {
                Directory.CreateDirectory(destination);
                File.Copy(from, Path.Combine(destination, Path.GetFileName(source)), overwrite: true);
            }
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var folder in Directory.EnumerateDirectories(from).Where(d => !s_ignoredFolders.Contains(Path.GetFileName(d))))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string workdir)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workdir };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    [GeneratedRegex(@"(?m)^COPY --from=build (?:--chown=\S+ )?(?<src>/\S+) \S+$")]
    private static partial Regex CopyFromBuild();

    /// <summary><c>/app</c> as a path of its own in a command (not <c>/application</c>, not <c>/src/app</c>).</summary>
    [GeneratedRegex(@"(?<![\w/])/app(?=/|\s|$)")]
    private static partial Regex AppPath();
}
