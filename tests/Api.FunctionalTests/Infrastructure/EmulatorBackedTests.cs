namespace TenantAtlas.Api.FunctionalTests.Infrastructure;

/// <summary>
/// A fixture over the Api with in-process consumers (the embedded default) and a Graph emulator over
/// real HTTP, both shared by the fixture's tests. Each test arranges a tenant of its own, so the
/// database is not emptied between tests.
/// </summary>
public abstract class EmulatorBackedTests : ApiTestFixture
{
    protected override bool UsesEmulator => true;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override ApiFactory CreateFactory() => new(hostConsumers: true, Emulator);
}
