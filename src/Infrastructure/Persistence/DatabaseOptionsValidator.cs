using Microsoft.Extensions.Options;

namespace TenantAtlas.Infrastructure.Persistence;

/// <summary>Stops the host with a message naming the setting when the database configuration is wrong.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (options.Provider is null)
        {
            failures.Add("Database:Provider is required: set it to Sqlite, SqlServer or Postgres.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Database:ConnectionString is required.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
