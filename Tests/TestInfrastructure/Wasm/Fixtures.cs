using System.Diagnostics;

namespace Wasmcloud.TestInfrastructure.Wasm;

/// <summary>
/// The Wasm fixtures built from <c>fixtures/</c> by <c>fixtures/build.sh</c> (C → WASI command modules, WAT → core
/// modules, component WAT and JavaScript → wasi:http components). The first use in a process runs the script, which
/// rebuilds only what changed and otherwise returns at once, so tests always run against the sources in the tree.
/// </summary>
public static class Fixtures
{
    public const string Hello = "hello";
    public const string Echo = "echo";
    public const string Env = "env";
    public const string Trap = "trap";
    public const string Loop = "loop";
    public const string Hog = "hog";
    public const string Service = "service";
    public const string Files = "file";
    public const string InitTrap = "init-trap";
    public const string InitLoop = "init-loop";
    public const string UnknownImport = "unknown-import";

    /// <summary>wasi:http components written in the component text format (<c>fixtures/components</c>).</summary>
    public const string HelloWat = "hello-wat";
    public const string HttpTrap = "http-trap";
    public const string HttpTrapLate = "http-trap-late";
    public const string HttpLoop = "http-loop";
    public const string HttpHog = "http-hog";
    public const string HttpUnknownImport = "http-unknown-import";
    public const string HttpMemoryHog = "http-memory-hog";
    public const string HttpStackOverflow = "http-stack-overflow";

    /// <summary>
    /// Sends one outgoing request to the scheme and authority in the x-scheme and x-authority headers and answers
    /// "status &lt;code&gt;" or the name of the wasi:http error code it got (HTTP-request-denied, ...).
    /// </summary>
    public const string HttpOutgoingProbe = "http-outgoing-probe";

    /// <summary>Answers "body before trailers\n" followed by the response trailers x-checksum: 5f2b and x-served-by: http-trailers.</summary>
    public const string HttpTrailers = "http-trailers";

    /// <summary>Answers with its wasi:cli environment ("name=value" lines) and writes one line each to stdout and stderr.</summary>
    public const string HttpCli = "http-cli";

    /// <summary>Answers with the number of requests its instance has served (this one included); a DELETE traps.</summary>
    public const string HttpCounter = "http-counter";

    /// <summary>wasi:http components built from JavaScript with componentize-js (<c>fixtures/js</c>).</summary>
    public const string JsHello = "js-hello";
    public const string JsEcho = "js-echo";
    public const string JsFetch = "js-fetch";
    public const string JsConfigReader = "js-config-reader";

    /// <summary>Plugin fixtures from JavaScript: wasi:keyvalue over HTTP, and a wasmcloud:messaging handler.</summary>
    public const string JsKeyValueCounter = "js-kv-counter";
    public const string JsMessagingEcho = "js-messaging-echo";

    /// <summary>wasmcloud:secrets@2.1.0 over HTTP: GET /secret/&lt;key&gt; answers the revealed value's length and byte sum.</summary>
    public const string SecretsReveal = "secrets-reveal";

    /// <summary>
    /// Two named wasi:keyvalue/store imports, <c>cache</c> (with the <c>implements</c> option) and <c>sessions</c> (a plain
    /// label): each request sets greeting in bucket "named" through both, "from cache" and "from sessions"; 200 "ok".
    /// </summary>
    public const string KeyValueNamed = "kv-named";

    /// <summary>
    /// Two named wasi:blobstore/blobstore imports, <c>archive</c> (<c>implements</c>) and <c>scratch</c> (plain label):
    /// POST /archive/&lt;name&gt; or /scratch/&lt;name&gt; creates the container through that import; 200 "created" or 500 with the error.
    /// </summary>
    public const string BlobstoreNamed = "blob-named";

    /// <summary>secrets-reveal with its store import named <c>db</c> (<c>implements</c> wasmcloud:secrets/store@2.1.0).</summary>
    public const string SecretsNamed = "secrets-named";

    /// <summary>Imports wasmcloud:example/greeting@0.1.0 from the sample plugin (samples/plugins/Greeting): GET /&lt;name&gt; answers greet(name).</summary>
    public const string Greeting = "greeting";
    /// <summary>wasi:blobstore over HTTP from JavaScript: PUT streams a body into an object, GET streams it back.</summary>
    public const string JsBlobStore = "js-blob-store";

    /// <summary>What <c>hello</c> prints.</summary>
    public const string HelloText = "Hello from wasmCloud on Orleans\n";

    private static readonly Lazy<string> OutputDirectory = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The repository root: the folder holding <c>Orleans.sln</c> above the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The absolute path of a built fixture, building it first if needed.</summary>
    public static string PathOf(string name)
    {
        var path = System.IO.Path.Combine(OutputDirectory.Value, name + ".wasm");
        return File.Exists(path) ? path : throw new FileNotFoundException($"fixtures/build.sh did not produce {name}.wasm", path);
    }

    /// <summary>The fixture as a start request's image: <c>file:///…/fixtures/out/name.wasm</c>.</summary>
    public static string ImageOf(string name) => new Uri(PathOf(name)).AbsoluteUri;

    private static string Build()
    {
        var script = System.IO.Path.Combine(RepositoryRoot, "fixtures", "build.sh");
        var start = new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash for fixtures/build.sh");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A cold build installs the JavaScript toolchain and runs componentize-js (tens of seconds per component).
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("fixtures/build.sh took more than 10 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"fixtures/build.sh failed ({process.ExitCode}); install the toolchain with scripts/prerequisites.sh.\n{stdout.Result}{stderr.Result}");
        }

        return System.IO.Path.Combine(RepositoryRoot, "fixtures", "out");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Orleans.sln above {AppContext.BaseDirectory}");
    }
}
