namespace TenantAtlas.Api.Endpoints;

/// <summary>
/// Development-only pages (never mapped elsewhere): /dev/progress, a minimal global progress widget over
/// the run stream, used by the browser test and for trying the feed by hand.
/// </summary>
public static class DevPages
{
    public static void MapDevPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        app.MapGet("/dev/progress", (IWebHostEnvironment env) =>
            Results.File(Path.Combine(env.WebRootPath ?? Path.Combine(env.ContentRootPath, "wwwroot"), "dev", "progress.html"), "text/html; charset=utf-8"))
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
