using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.Infrastructure.Persistence;

namespace TenantAtlas.Application.UnitTests.Runs;

/// <summary>Starts made by the service itself (no tenant role applies), as the worker's recovery does.</summary>
internal sealed class SystemActor : Security.ICurrentActor
{
    public Guid? UserId => null;

    public Guid? ApiKeyId => null;

    public string Display => "system";

    public bool IsSystem => true;
}

/// <summary>The run machinery over a real SQLite file, a fake clock and a recording dispatcher.</summary>
public sealed class RunTestHost : IAsyncDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"runs-{Guid.NewGuid():N}.db");

    public RunTestHost(RunOptions? options = null)
    {
        Options = options ?? new RunOptions { Lease = TimeSpan.FromMinutes(1), MaxAttempts = 3, RequeueAfter = TimeSpan.FromMinutes(1), ItemParallelism = 4 };
        Dispatcher.Setup(d => d.PublishAsync(It.IsAny<IRunMessage>(), It.IsAny<CancellationToken>()))
            .Callback<IRunMessage, CancellationToken>((m, _) => { lock (Published) { Published.Add(m); } })
            .Returns(Task.CompletedTask);
        var services = new ServiceCollection();
        services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite($"Data Source={path}").AddInterceptors(Commands));
        services.AddScoped<IAppDbContext>(sp => sp.GetRequiredService<AppDbContext>());
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Options));
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddScoped(_ => Dispatcher.Object);
        services.AddSingleton<Security.ICurrentActor, SystemActor>();
        services.AddScoped<Security.ITenantAccess, Security.TenantAccess>();
        services.AddScoped<RunLauncher>();
        services.AddScoped<RunRecoverySweeper>();
        services.AddScoped<TenantAtlas.Application.Schedules.Retention.BackupRetention>();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new TenantAtlas.Application.Schedules.ScheduleOptions()));
        services.AddSingleton<RunExecutor>();
        services.AddScoped<RunFinalization>();
        services.AddSingleton<IRunFinishedHandler, TenantAtlas.Application.BackupSets.Capture.BackupSetRunFinishedHandler>();
        Services = services.BuildServiceProvider();
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.Migrate();
    }

    public RunOptions Options { get; }

    /// <summary>Every database command the host sends (statements per item are measured with it).</summary>
    public CommandCounter Commands { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public Mock<IRunDispatcher> Dispatcher { get; } = new();

    public List<IRunMessage> Published { get; } = [];

    public ServiceProvider Services { get; }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work) => WithScopeAsync(sp => work(sp.GetRequiredService<AppDbContext>()));

    public async Task<Tenant> AddTenantAsync()
    {
        var tenant = new Tenant { Id = Guid.NewGuid(), Name = "T", EntraTenantId = Guid.NewGuid(), CreatedAt = Time.GetUtcNow() };
        await DbAsync(async db => { db.Tenants.Add(tenant); await db.SaveChangesAsync(); return 0; });
        return tenant;
    }

    public static BulkOperationRun NewBulkRun(Guid tenantId, string operation = RunOperations.PolicySync, Guid? target = null, Guid? userId = null) => new()
    {
        TenantId = tenantId,
        Operation = operation,
        TargetId = target,
        IdempotencyKey = RunIdempotency.BuildKey(tenantId, operation, target),
        RequestedBy = userId is null ? "system" : $"user:{userId}",
        RequestedByUserId = userId,
    };

    public Task<(BulkOperationRun Run, bool Reused)> StartAsync(BulkOperationRun run) =>
        WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<RunLauncher>().StartAsync(run, CancellationToken.None);
            return ((BulkOperationRun)result.Run, result.Reused);
        });

    public Task<BulkOperationRun> GetRunAsync(Guid id) => DbAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().FirstAsync(r => r.Id == id));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}

/// <summary>Counts the commands sent to the database, by their first word (INSERT, UPDATE, SELECT...).</summary>
public sealed class CommandCounter : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
{
    private int total;

    public int Total => Volatile.Read(ref total);

    public void Reset() => Interlocked.Exchange(ref total, 0);

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
        System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref total);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
        System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref total);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object>> ScalarExecutingAsync(
        System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref total);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }
}
