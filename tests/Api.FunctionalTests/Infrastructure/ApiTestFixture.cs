using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;
using TenantAtlas.Infrastructure.Persistence;

namespace TenantAtlas.Api.FunctionalTests.Infrastructure;

/// <summary>
/// The one fixture base of the functional tests (jasontaylordev's BaseTestFixture + Testing): one Api
/// (<see cref="ApiFactory"/>, over the run's TEST_DATABASE_PROVIDER) and, where <see cref="UsesEmulator"/>, one
/// Graph emulator per fixture, started once and disposed once. The database is emptied before each test and
/// <see cref="SeedAsync"/> runs after it; a fixture whose tests deliberately share one arrangement turns
/// <see cref="ResetDatabaseBeforeEachTest"/> off, and then <see cref="SeedAsync"/> runs once, at start.
/// </summary>
public abstract class ApiTestFixture
{
    private readonly Stack<IDisposable> owned = new();
    private GraphEmulatorServer? emulator;
    private ApiFactory? factory;

    /// <summary>The Api under test, built by <see cref="CreateFactory"/>.</summary>
    protected ApiFactory Factory => factory ?? throw new InvalidOperationException("The Api starts in the fixture's one-time set-up.");

    /// <summary>The Graph emulator of a fixture that <see cref="UsesEmulator"/>.</summary>
    protected GraphEmulatorServer Emulator => emulator ?? throw new InvalidOperationException($"{GetType().Name} does not use an emulator.");

    /// <summary>Whether the fixture starts a Graph emulator over real HTTP (without one, Graph points at a closed port).</summary>
    protected virtual bool UsesEmulator => false;

    /// <summary>The emulator state; a fixture may override it (e.g. with a fake clock).</summary>
    protected virtual GraphEmulatorState CreateEmulatorState() => new();

    /// <summary>The Api of the fixture: consumers hosted or not, the emulator, extra settings through <c>.With(...)</c>.</summary>
    protected virtual ApiFactory CreateFactory() => new();

    /// <summary>Settings a family of fixtures adds to the factory its classes create; called before the host starts.</summary>
    protected virtual void ConfigureFactory(ApiFactory factory)
    {
    }

    /// <summary>True (the default): fresh data per test. False: the fixture's tests share what <see cref="SeedAsync"/> wrote once.</summary>
    protected virtual bool ResetDatabaseBeforeEachTest => true;

    /// <summary>The data the tests start from: before each test after the reset, or once when the tests share it.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task StartApiAsync()
    {
        if (UsesEmulator)
        {
            emulator = await GraphEmulatorServer.StartAsync(CreateEmulatorState());
        }

        factory = CreateFactory();
        ConfigureFactory(factory);
        _ = factory.Services;
        if (!ResetDatabaseBeforeEachTest)
        {
            await SeedAsync();
        }
    }

    [SetUp]
    public async Task ResetDatabaseAsync()
    {
        if (ResetDatabaseBeforeEachTest)
        {
            await Factory.ResetDatabaseAsync();
            await SeedAsync();
        }
    }

    [OneTimeTearDown]
    public async Task StopApiAsync()
    {
        while (owned.TryPop(out var disposable))
        {
            disposable.Dispose();
        }

        factory?.Dispose();
        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }
    }

    /// <summary>Disposes <paramref name="disposable"/> with the fixture (e.g. a second Api the fixture compares with).</summary>
    protected T Own<T>(T disposable) where T : IDisposable
    {
        owned.Push(disposable);
        return disposable;
    }

    /// <summary>A tenant with the given members (token subject and role).</summary>
    protected async Task<Tenant> CreateTenantAsync(string name = "Contoso", params (string Subject, TenantRole Role)[] members)
    {
        var tenant = await TestTenants.CreateAsync(Factory, name);
        foreach (var (subject, role) in members)
        {
            await TestTenants.AddMemberAsync(Factory, tenant.Id, subject, role);
        }

        return tenant;
    }

    /// <summary>Creates the user (by token subject) if needed and gives it the role in the tenant.</summary>
    protected Task<User> AddMemberAsync(Guid tenantId, string subject, TenantRole role) => TestTenants.AddMemberAsync(Factory, tenantId, subject, role);

    /// <summary>A user that signed in once (so it exists) without any membership.</summary>
    protected Task<User> CreateUserAsync(string subject) => TestTenants.CreateUserAsync(Factory, subject);

    /// <summary>A client with a bearer token for the subject.</summary>
    protected HttpClient ClientFor(string subject, bool mspAdmin = false) => Factory.CreateClientFor(subject, mspAdmin);

    /// <summary>Runs work against the Api's database in a fresh scope.</summary>
    protected Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work) => Factory.DbAsync(work);

    protected Task DbAsync(Func<AppDbContext, Task> work) => Factory.DbAsync(work);
}
