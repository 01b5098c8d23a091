namespace TenantAtlas.Infrastructure.Persistence;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite, SqlServer or Postgres; chosen explicitly, never guessed.</summary>
    public DatabaseProvider? Provider { get; set; }

    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the host starts (embedded default; off in production).</summary>
    public bool MigrateOnStartup { get; set; }
}
