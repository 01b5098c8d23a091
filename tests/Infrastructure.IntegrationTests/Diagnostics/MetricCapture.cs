using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TenantAtlas.Application.Diagnostics;

namespace TenantAtlas.Infrastructure.IntegrationTests.Diagnostics;

/// <summary>Collects measurements of the TenantAtlas meter while alive (a MeterListener, as an exporter would).</summary>
public sealed class MetricCapture : IDisposable
{
    private readonly MeterListener listener = new();

    public MetricCapture()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TenantAtlasTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        listener.Start();
    }

    public ConcurrentQueue<Measurement> Measurements { get; } = new();

    public IReadOnlyList<Measurement> Of(string instrument, string tag, string value) =>
        Measurements.Where(m => m.Instrument == instrument && m.Tags.TryGetValue(tag, out var v) && Equals(v?.ToString(), value)).ToList();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        Measurements.Enqueue(new Measurement(instrument.Name, value, copy));
    }

    public void Dispose() => listener.Dispose();

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}
