namespace TenantAtlas.Api.Dev;

/// <summary>
/// Pages for trying the product by hand, mapped only where the docs are exposed (Development, or
/// Api:ExposeDocs=true): /dev/progress, a minimal global progress widget over
/// the run stream, used by the browser test and for trying the feed by hand.
/// </summary>
public static class DevPages
{
    private const string ProgressPage = "TenantAtlas.Api.Dev.progress.html";

    public static void MapDevPages(this WebApplication app)
    {
        app.MapGet("/dev/progress", () =>
            {
                var page = typeof(DevPages).Assembly.GetManifestResourceStream(ProgressPage)
                    ?? throw new InvalidOperationException($"Embedded resource {ProgressPage} is missing.");
                return Results.Stream(page, "text/html; charset=utf-8");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
