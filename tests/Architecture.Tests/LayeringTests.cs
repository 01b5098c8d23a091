using NetArchTest.Rules;

namespace TenantAtlas.Architecture.Tests;

/// <summary>Dependency direction: Api/Worker -> Infrastructure -> Application -> Domain.</summary>
public sealed class LayeringTests
{
    private static readonly System.Reflection.Assembly Domain = typeof(TenantAtlas.Domain.Runs.Run).Assembly;
    private static readonly System.Reflection.Assembly Application = typeof(TenantAtlas.Application.DependencyInjection).Assembly;
    private static readonly System.Reflection.Assembly Infrastructure = typeof(TenantAtlas.Infrastructure.DependencyInjection).Assembly;

    [Test]
    public void Domain_references_no_other_assembly_of_ours_and_no_package()
    {
        var referenced = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.That(referenced.Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "netstandard" && n != "mscorlib"), Is.Empty,
            "Domain must depend on nothing but the base class library");
    }

    [Test]
    public void Application_does_not_depend_on_infrastructure_api_or_worker()
    {
        var result = Types.InAssembly(Application).ShouldNot()
            .HaveDependencyOnAny("TenantAtlas.Infrastructure", "TenantAtlas.Api", "TenantAtlas.Worker", "TenantAtlas.GraphEmulator", "MassTransit", "Microsoft.Graph", "Azure.Identity")
            .GetResult();
        Assert.That(result.IsSuccessful, Is.True, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Test]
    public void Infrastructure_does_not_depend_on_hosts()
    {
        var result = Types.InAssembly(Infrastructure).ShouldNot()
            .HaveDependencyOnAny("TenantAtlas.Api", "TenantAtlas.Worker", "TenantAtlas.GraphEmulator").GetResult();
        Assert.That(result.IsSuccessful, Is.True, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Test]
    public void Domain_types_do_not_depend_on_other_layers()
    {
        var result = Types.InAssembly(Domain).ShouldNot()
            .HaveDependencyOnAny("TenantAtlas.Application", "TenantAtlas.Infrastructure", "TenantAtlas.Api", "TenantAtlas.Worker", "Microsoft.EntityFrameworkCore")
            .GetResult();
        Assert.That(result.IsSuccessful, Is.True, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Test]
    public void Worker_does_not_reference_the_api()
    {
        var worker = typeof(TenantAtlas.Worker.SystemActor).Assembly;
        Assert.That(worker.GetReferencedAssemblies().Select(a => a.Name), Has.None.EqualTo("TenantAtlas.Api"));
    }
}
