using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Api.Endpoints;

/// <summary>The long-running-operation answer of every start endpoint: 202, Location/Operation-Location, Retry-After.</summary>
public static class RunResults
{
    public const int RetryAfterSeconds = 2;

    public static string Location(Guid tenantId, Guid runId) => RunNotifier.Link(tenantId, runId);

    public static Accepted<T> Accepted<T>(HttpContext http, RunDto run, T body)
    {
        var location = Location(run.TenantId, run.Id);
        http.Response.Headers["Operation-Location"] = location;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Accepted(location, body);
    }

    public static Accepted<RunDto> Accepted(HttpContext http, RunDto run) => Accepted(http, run, run);

    /// <summary>The status monitor answer: 200 with the run, plus Retry-After while the run is not terminal.</summary>
    public static Ok<RunDetailsDto> Monitor(HttpContext http, RunDetailsDto details)
    {
        if (!RunStateMachine.IsTerminal(details.Status))
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Ok(details with { Items = PageResults.WithNextLink(http.Request, details.Items) });
    }
}
