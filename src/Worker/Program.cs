using TenantAtlas.Application;
using TenantAtlas.Infrastructure;
using TenantAtlas.Infrastructure.Diagnostics;
using TenantAtlas.Worker;

// The queue worker: consumes run messages from RabbitMQ and sweeps for runs to recover.
// It serves only operational endpoints over HTTP: /health/live, /health/ready and, with Metrics:Prometheus, /metrics.
var builder = WebApplication.CreateBuilder(args);
builder.AddApplication();
builder.AddInfrastructure(hostConsumers: true);
builder.AddWorker();

var app = builder.Build();
app.MapOperationalEndpoints();
app.Run();

/// <summary>Entry point (public for test hosts).</summary>
public partial class Program;
