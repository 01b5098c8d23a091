using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Reads Graph's Retry-After: whole or fractional seconds ("2.128") or an HTTP-date.</summary>
internal static class RetryAfter
{
    public static TimeSpan? FromResponse(HttpResponseMessage response, DateTimeOffset now)
    {
        if (!response.Headers.NonValidated.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            if (Parse(value, now) is { } delay)
            {
                return delay;
            }
        }

        return null;
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (StringValues.IsNullOrEmpty(value))
        {
            return null;
        }

        var text = value!.Trim();
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) &&
            !double.IsNaN(seconds) && !double.IsInfinity(seconds))
        {
            return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, TimeSpan.FromDays(1).TotalSeconds));
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ||
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            var delay = date - now;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }
}
