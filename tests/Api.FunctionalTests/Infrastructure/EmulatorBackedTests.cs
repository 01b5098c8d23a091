using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Infrastructure;

/// <summary>
/// A fixture over the Api with in-process consumers (the embedded default) and a Graph emulator over
/// real HTTP, both shared by the fixture's tests.
/// </summary>
public abstract class EmulatorBackedTests
{
    protected GraphEmulatorServer emulator = null!;
    protected ApiFactory factory = null!;

    [OneTimeSetUp]
    public async Task StartEmulatorAndApiAsync()
    {
        emulator = await GraphEmulatorServer.StartAsync();
        factory = new ApiFactory(hostConsumers: true, emulator);
    }

    [OneTimeTearDown]
    public async Task StopEmulatorAndApiAsync()
    {
        factory.Dispose();
        await emulator.DisposeAsync();
    }
}
