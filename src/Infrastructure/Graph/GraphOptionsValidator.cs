using Microsoft.Extensions.Options;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Stops the host at start with a message naming the missing or wrong <c>Graph:*</c> key.</summary>
internal sealed class GraphOptionsValidator : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        var failures = new List<string>();
        if (options.Auth is null || !Enum.IsDefined(options.Auth.Value))
        {
            failures.Add("Graph:Auth is required: ClientSecret, Certificate or Emulator.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Graph:BaseUrl must be an absolute http(s) URL, e.g. https://graph.microsoft.com.");
        }
        else if (options.Auth is GraphAuthMode.ClientSecret or GraphAuthMode.Certificate && baseUri.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add("Graph:BaseUrl must use https when Graph:Auth is ClientSecret or Certificate.");
        }
        else if (options.Auth == GraphAuthMode.Emulator && baseUri.Host.EndsWith("graph.microsoft.com", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("Graph:BaseUrl must point at the Graph emulator when Graph:Auth is Emulator.");
        }

        if (options.Auth is GraphAuthMode.ClientSecret or GraphAuthMode.Certificate)
        {
            if (string.IsNullOrWhiteSpace(options.Scope))
            {
                failures.Add("Graph:Scope must not be empty.");
            }

            if (!Uri.TryCreate(options.AuthorityHost, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
            {
                failures.Add("Graph:AuthorityHost must be an absolute https URL, e.g. https://login.microsoftonline.com.");
            }

            ValidateRegistration(options.Auth.Value, options.Registration(GraphOptions.DefaultProfile)!, "Graph:", failures);
            foreach (var (profile, registration) in options.Profiles)
            {
                if (string.Equals(profile, GraphOptions.DefaultProfile, StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add("Graph:Profiles:default must not be set: the profile default is Graph:ClientId, ClientSecret and Certificate*.");
                }
                else
                {
                    ValidateRegistration(options.Auth.Value, registration, $"Graph:Profiles:{profile}:", failures);
                }
            }
        }

        var retry = options.Retry;
        if (retry.MaxRetryAttempts is < 0 or > 50)
        {
            failures.Add("Graph:Retry:MaxRetryAttempts must be between 0 and 50.");
        }

        if (retry.BaseDelay < TimeSpan.Zero || retry.MaxDelay <= TimeSpan.Zero || retry.TotalBudget <= TimeSpan.Zero || retry.AttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add("Graph:Retry:BaseDelay must not be negative; Graph:Retry:MaxDelay, TotalBudget and AttemptTimeout must be positive.");
        }

        if (options.RateLimit.RequestsPer20Seconds < 1)
        {
            failures.Add("Graph:RateLimit:RequestsPer20Seconds must be at least 1.");
        }

        if (options.RateLimit.WritesPer20Seconds < 1)
        {
            failures.Add("Graph:RateLimit:WritesPer20Seconds must be at least 1.");
        }

        if (options.RateLimit.Identity.RequestsPer20Seconds < 1 || options.RateLimit.Identity.WritesPer20Seconds < 1)
        {
            failures.Add("Graph:RateLimit:Identity:RequestsPer20Seconds and WritesPer20Seconds must be at least 1.");
        }

        if (options.RateLimit.SafetyMarginSeconds is < 0 or > 20)
        {
            failures.Add("Graph:RateLimit:SafetyMarginSeconds must be between 0 and 20.");
        }

        if (options.RateLimit.Window < TimeSpan.FromMilliseconds(100) || options.RateLimit.Window > TimeSpan.FromMinutes(10))
        {
            failures.Add("Graph:RateLimit:Window must be between 00:00:00.1 and 00:10:00 (Intune counts over 00:00:20).");
        }

        if (options.BatchSize is < 1 or > 20)
        {
            failures.Add("Graph:BatchSize must be between 1 and 20.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateRegistration(GraphAuthMode auth, GraphAppRegistration registration, string prefix, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(registration.ClientId))
        {
            failures.Add($"{prefix}ClientId is required when Graph:Auth is {auth}.");
        }

        if (auth == GraphAuthMode.ClientSecret && string.IsNullOrWhiteSpace(registration.ClientSecret))
        {
            failures.Add($"{prefix}ClientSecret is required when Graph:Auth is ClientSecret.");
        }

        if (auth == GraphAuthMode.Certificate)
        {
            if (string.IsNullOrWhiteSpace(registration.CertificatePath))
            {
                failures.Add($"{prefix}CertificatePath is required when Graph:Auth is Certificate.");
            }
            else if (!File.Exists(registration.CertificatePath))
            {
                failures.Add($"{prefix}CertificatePath does not point at an existing file.");
            }
        }
    }
}
