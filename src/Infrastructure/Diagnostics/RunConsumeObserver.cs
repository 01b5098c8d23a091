using System.Diagnostics;
using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Diagnostics;

namespace TenantAtlas.Infrastructure.Diagnostics;

/// <summary>Tags MassTransit's consume span of a run message with the run and tenant ids (ids only, never the body).</summary>
internal sealed class RunConsumeObserver : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is IRunMessage message && Activity.Current is { } activity)
        {
            activity.SetTag(TelemetryTags.RunId, message.RunId.ToString());
            activity.SetTag(TelemetryTags.TenantId, message.TenantId.ToString());
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
