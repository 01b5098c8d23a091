using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace TenantAtlas.Api.OperatorConsole;

/// <summary>
/// The operator console (issue 21): static ES modules and CSS embedded in the Api assembly, served at
/// <c>/app/</c> (and <c>/</c> redirects there) when <c>Api:Console</c> is true. It calls the API only through
/// its public contract, with the caller's own token, so nothing here is trusted more than any other client.
/// <c>/app/config.json</c> tells the page how to sign in. No build step: the files are what the browser runs.
/// </summary>
public static class ConsoleEndpoints
{
    public const string BasePath = "/app";
    private const string ResourcePrefix = "console/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the console is served: Api:Console, else on in Development only.</summary>
    public static bool IsEnabled(WebApplication app) => app.Configuration.GetValue<bool?>("Api:Console") ?? app.Environment.IsDevelopment();

    public static IServiceCollection AddOperatorConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
        return services;
    }

    public static void MapOperatorConsole(this WebApplication app)
    {
        var assembly = typeof(ConsoleEndpoints).Assembly;
        // path under /app/ -> manifest resource name (RecursiveDir may carry either separator).
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[ResourcePrefix.Length..].Replace('\\', '/'), n => n, StringComparer.Ordinal);

        app.MapGet("/", () => Results.Redirect(BasePath + "/")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(BasePath + "/config.json", (HttpContext http, IOptions<ConsoleOptions> options, IConfiguration configuration, IHostEnvironment environment) =>
            {
                NoCache(http);
                return Results.Json(ConfigFor(options.Value, configuration, environment));
            })
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet(BasePath + "/{**path}", (string? path, HttpContext http, IOptions<ConsoleOptions> options, IConfiguration configuration) =>
            {
                if (http.Request.Path.Value == BasePath)
                {
                    return Results.Redirect(BasePath + "/");
                }

                path = string.IsNullOrEmpty(path) ? "index.html" : path;
                if (!files.TryGetValue(path, out var resource) || !ContentTypes.TryGetValue(Path.GetExtension(path), out var contentType))
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", extensions: new Dictionary<string, object?> { ["code"] = "not_found" });
                }

                NoCache(http);
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers["Referrer-Policy"] = "no-referrer";
                http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(AuthorityOf(options.Value, configuration));
                return Results.Stream(assembly.GetManifestResourceStream(resource)!, contentType);
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>What the page needs to offer sign-in (no secrets: a public client id and the authority).</summary>
    internal static ConsoleConfig ConfigFor(ConsoleOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        var authority = AuthorityOf(options, configuration);
        var oidc = authority is not null && !string.IsNullOrWhiteSpace(options.ClientId)
            ? new ConsoleOidcConfig(authority.TrimEnd('/'), options.ClientId!, options.Scope)
            : null;
        return new ConsoleConfig(oidc, options.AllowPastedToken ?? environment.IsDevelopment());
    }

    private static string? AuthorityOf(ConsoleOptions options, IConfiguration configuration)
    {
        var authority = string.IsNullOrWhiteSpace(options.Authority) ? configuration["Authentication:Schemes:Bearer:Authority"] : options.Authority;
        return string.IsNullOrWhiteSpace(authority) ? null : authority;
    }

    /// <summary>Only our own files run; the authority's origin may be fetched (discovery, token endpoint) and navigated to.</summary>
    private static string ContentSecurityPolicy(string? authority)
    {
        var extra = authority is not null && Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{extra}; " +
               $"form-action 'self'{extra}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    }

    private static void NoCache(HttpContext http) => http.Response.Headers.CacheControl = "no-cache";
}

/// <summary>The console's sign-in configuration: OIDC (null when not configured) and whether a pasted token is offered.</summary>
public sealed record ConsoleConfig(ConsoleOidcConfig? Oidc, bool PastedToken);

/// <summary>Authorization-code + PKCE settings for the browser (a public client: no secret).</summary>
public sealed record ConsoleOidcConfig(string Authority, string ClientId, string Scope);
