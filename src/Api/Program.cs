using TenantAtlas.Api;
using TenantAtlas.Api.Demo;
using TenantAtlas.Api.Dev;
using TenantAtlas.Api.Errors;
using TenantAtlas.Api.Endpoints;
using TenantAtlas.Api.Input;
using TenantAtlas.Api.OperatorConsole;
using TenantAtlas.Application;
using TenantAtlas.Infrastructure;
using TenantAtlas.Infrastructure.Diagnostics;

var builder = WebApplication.CreateBuilder(args);
var hostConsumers = builder.Configuration.GetValue("Worker:InProcess", false);
await builder.AddDemoAsync();
builder.AddApplication();
builder.AddInfrastructure(hostConsumers);
builder.AddApi();
builder.AddDemoSeeding();

var app = builder.Build();

app.UseExceptionHandler();
// Empty 4xx answers (unknown route 404, 401, 403, 415) get a problem+json body with a code.
app.UseStatusCodePages();
// Before authentication: a preflight carries no credentials and is answered here (204), see Cors:AllowedOrigins.
app.UseCors();
app.UseRequestBodyLimit(TenantAtlas.Api.DependencyInjection.MaxRequestBodyBytes);
app.UseUtf8RequestBodies();

// OpenAPI docs and the dev pages: on in Development, off elsewhere unless Api:ExposeDocs=true.
var exposeDocs = app.Configuration.GetValue<bool?>("Api:ExposeDocs") ?? app.Environment.IsDevelopment();
if (exposeDocs)
{
    TenantAtlas.Api.OpenApi.OpenApiSetup.UseApiOpenApi(app);
}

app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<TenantAtlas.Api.Idempotency.IdempotencyKeyMiddleware>();

app.MapOperationalEndpoints();

var api = app.MapGroup("/api/v1").AddEndpointFilterFactory(StrictEnumQueryParameters.Create);
api.MapTenants();
api.MapRuns();
api.MapRunFeed();
api.MapPolicies();
api.MapPolicyTypes();
api.MapBackupSets();
api.MapNotifications();
api.MapApiKeys();
api.MapRestoreRuns();
api.MapRestoreMappings();
api.MapRestoreDeployments();
api.MapAuditLogs();
api.MapTenantMembers();
api.MapBackupSchedules();
api.MapDrift();
api.MapTenantsOverview();
if (exposeDocs)
{
    app.MapDevPages();
}

// The operator console (/app/): on in Development, elsewhere only with Api:Console=true. See docs/console.md.
if (TenantAtlas.Api.OperatorConsole.ConsoleEndpoints.IsEnabled(app))
{
    app.MapOperatorConsole();
}

await app.RunAsync();

/// <summary>Entry point (public for WebApplicationFactory).</summary>
public partial class Program;
