using System.Text;

namespace Wasmcloud.Silo.Dashboard;

/// <summary>
/// The page shell: embedded CSS (no external assets, so CI and air-gapped clusters render it), a navigation bar, and
/// a small script that re-fetches the page's live part every few seconds. Without script, a meta refresh does it.
/// </summary>
internal static class DashboardLayout
{
    public const int DefaultRefreshMilliseconds = 2000;

    /// <summary>The request header the script sends to get only the live fragment, not the whole page.</summary>
    public const string FragmentHeader = "X-Dashboard-Fragment";

    private const string Css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
        header{background:#1d2330;color:#fff;padding:8px 16px;display:flex;gap:16px;align-items:center}
        header a{color:#cfe0ff;text-decoration:none}header strong{margin-right:16px}
        main{padding:16px}h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:16px 0 8px}
        .ok{border-left:6px solid #2e9d4a}.bad{border-left:6px solid #d33a2c}.wait{border-left:6px solid #e0a020}
        .pill.ok{background:#dcf3e2}.pill.bad{background:#fbe0dd}.pill.wait{background:#fbefd5}
        .pill.label{background:#e8ecf3}.pill{display:inline-block;border-radius:4px;padding:0 6px;margin:1px 2px}
        .card{background:#fff;border-radius:6px;padding:8px 12px;margin:8px 0;box-shadow:0 1px 2px #0002}
        .nested{margin-left:24px}.muted{color:#667}.reason{font-family:ui-monospace,monospace;white-space:pre-wrap}
        table{border-collapse:collapse;background:#fff;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}
        td.ok,td.bad,td.wait{padding-left:8px}a{color:#1f5fbf}
        """;

    public static string Page(string title, string liveFragment, int refreshMilliseconds = DefaultRefreshMilliseconds)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>").Append(Html.E(title)).Append(" · wasmCloud on Orleans</title>");
        html.Append("<noscript><meta http-equiv=\"refresh\" content=\"").Append(Math.Max(1, refreshMilliseconds / 1000)).Append("\"></noscript>");
        html.Append("<style>").Append(Css).Append("</style></head><body>");
        html.Append("<header><strong>wasmCloud on Orleans</strong>");
        html.Append("<a href=\"/dashboard/\">Topology</a><a href=\"/dashboard/hosts\">Hosts</a>");
        html.Append("<a href=\"/dashboard/orleans/\">Orleans</a></header>");
        html.Append("<main id=\"live\">").Append(liveFragment).Append("</main>");
        // Polls the same URL for its fragment and swaps it in: live without reloads, so scroll and focus stay put.
        html.Append("<script>setInterval(async()=>{try{const r=await fetch(location.href,{headers:{'")
            .Append(FragmentHeader)
            .Append("':'1'},cache:'no-store'});if(r.ok)document.getElementById('live').innerHTML=await r.text();}catch(e){}},")
            .Append(refreshMilliseconds)
            .Append(");</script>");
        html.Append("</body></html>");
        return html.ToString();
    }
}
