using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.Dashboard;

/// <summary>What <c>browser/check-page.mjs</c> should wait for on one page; see that script for the meaning.</summary>
internal sealed record PageCheck(Uri Url)
{
    public IReadOnlyList<string> ArmSelectors { get; init; } = [];

    public IReadOnlyList<string> Selectors { get; init; } = [];

    public IReadOnlyList<string> Texts { get; init; } = [];

    /// <summary>A file name under <c>docs/img/</c>, taken once every wait is over.</summary>
    public string? Screenshot { get; init; }

    /// <summary>A selector and a file name under <c>docs/img/</c>, taken the moment the selector first matches.</summary>
    public (string Selector, string File)? ScreenshotWhen { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(45);
}

/// <summary>
/// Runs <c>browser/check-page.mjs</c> (playwright-core driving Debian's Chromium, installed by
/// <c>scripts/prerequisites.sh</c>): the page is checked by a real browser, its script and all.
/// </summary>
internal sealed class BrowserPage : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrowserPage(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Received(line.Data);
        _process.ErrorDataReceived += (_, line) => Received(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string BrowserFolder => Path.Combine(Fixtures.RepositoryRoot, "Tests", "Silo.Tests", "Dashboard", "browser");

    public static string ImagesFolder => Directory.CreateDirectory(Path.Combine(Fixtures.RepositoryRoot, "docs", "img")).FullName;

    /// <summary>Opens the page; <see cref="ArmedAsync"/> completes when its arm selectors matched.</summary>
    public static BrowserPage Open(PageCheck check)
    {
        var request = new
        {
            url = check.Url.AbsoluteUri,
            armSelectors = check.ArmSelectors,
            selectors = check.Selectors,
            texts = check.Texts,
            screenshot = check.Screenshot is null ? null : Path.Combine(ImagesFolder, check.Screenshot),
            screenshotWhen = check.ScreenshotWhen is { } when ? new { selector = when.Selector, path = Path.Combine(ImagesFolder, when.File) } : null,
            timeoutMs = (int)check.Timeout.TotalMilliseconds,
        };
        var start = new ProcessStartInfo("node", [Path.Combine(BrowserFolder, "check-page.mjs"), JsonSerializer.Serialize(request, s_json)])
        {
            WorkingDirectory = BrowserFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return new BrowserPage(Process.Start(start) ?? throw new InvalidOperationException("could not start node"));
    }

    /// <summary>Opens the page and waits for every check; fails with the script's explanation and the page's text.</summary>
    public static async Task CheckAsync(PageCheck check, CancellationToken cancellationToken)
    {
        await using var page = Open(check);
        await page.CompletedAsync(cancellationToken);
    }

    public async Task ArmedAsync(CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        await Task.WhenAny(_armed.Task, exited);
        if (!_armed.Task.IsCompleted)
        {
            Assert.Fail($"the page never showed its starting state:\n{Output}");
        }
    }

    public async Task CompletedAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        Assert.True(_process.ExitCode == 0, $"the browser check failed (exit {_process.ExitCode}):\n{Output}");
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line == "armed")
        {
            _armed.TrySetResult();
        }
    }
}
