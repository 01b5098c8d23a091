using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using TenantAtlas.Application;
using TenantAtlas.Infrastructure;
using TenantAtlas.Worker;

// The queue worker: consumes run messages from RabbitMQ and sweeps for runs to recover.
// It serves only health endpoints over HTTP.
var builder = WebApplication.CreateBuilder(args);
builder.AddApplication();
builder.AddInfrastructure(hostConsumers: true);
builder.AddWorker();

var app = builder.Build();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
app.Run();

/// <summary>Entry point (public for test hosts).</summary>
public partial class Program;
