using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TenantAtlas.Application.Diagnostics;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.UnitTests.Diagnostics;

/// <summary>Issue 18 items 1-3: the run engine's telemetry calls produce the span, scope and measurements operators read.</summary>
public sealed class RunTelemetryTests
{
    private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> measurements = new();
    private readonly ConcurrentQueue<Activity> stopped = new();
    private MeterListener meters = null!;
    private ActivityListener spans = null!;

    [SetUp]
    public void Listen()
    {
        meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TenantAtlasTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        meters.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        meters.Start();
        spans = new ActivityListener
        {
            ShouldListenTo = s => s.Name == TenantAtlasTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(spans);
    }

    [TearDown]
    public void StopListening()
    {
        meters.Dispose();
        spans.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        measurements.Enqueue((instrument.Name, value, copy));
    }

    private List<(string Name, double Value, Dictionary<string, object?> Tags)> Of(string name, string operation) =>
        measurements.Where(m => m.Name == name && Equals(m.Tags.GetValueOrDefault(TelemetryTags.Operation), operation)).ToList();

    private static BulkOperationRun NewRun(string operation) => new()
    {
        Id = Guid.NewGuid(), TenantId = Guid.NewGuid(), Operation = operation, IdempotencyKey = "k", RequestedBy = "system",
        CreatedAt = DateTimeOffset.Parse("2026-01-01T10:00:00Z"),
    };

    [Test]
    public void Job_span_carries_tenant_run_and_operation_and_items_nest_under_it_with_their_key()
    {
        var run = NewRun("test.job_span");
        run.Attempt = 2;

        using (var job = RunTelemetry.BeginJob(run, NullLogger.Instance))
        {
            Assert.That(RunTelemetry.Current?.RunId, Is.EqualTo(run.Id));
            using (RunTelemetry.BeginItem("policy-1"))
            {
                Assert.That(RunTelemetry.Current?.ItemKey, Is.EqualTo("policy-1"));
            }

            Assert.That(RunTelemetry.Current?.ItemKey, Is.Null, "the item's context ends with it");
        }

        Assert.That(RunTelemetry.Current, Is.Null);
        var jobSpan = stopped.Single(a => a.GetTagItem(TelemetryTags.RunId) as string == run.Id.ToString() && a.DisplayName.StartsWith("run ", StringComparison.Ordinal) && a.GetTagItem(TelemetryTags.ItemKey) is null);
        Assert.That(jobSpan.DisplayName, Is.EqualTo("run test.job_span"));
        Assert.That(jobSpan.GetTagItem(TelemetryTags.TenantId), Is.EqualTo(run.TenantId.ToString()));
        Assert.That(jobSpan.GetTagItem(TelemetryTags.Operation), Is.EqualTo("test.job_span"));
        Assert.That(jobSpan.GetTagItem("run.attempt"), Is.EqualTo(2));
        var itemSpan = stopped.Single(a => a.GetTagItem(TelemetryTags.ItemKey) as string == "policy-1" && a.GetTagItem(TelemetryTags.RunId) as string == run.Id.ToString());
        Assert.That(itemSpan.ParentSpanId, Is.EqualTo(jobSpan.SpanId));
        Assert.That(itemSpan.GetTagItem(TelemetryTags.TenantId), Is.EqualTo(run.TenantId.ToString()));
    }

    [Test]
    public void Job_log_scope_holds_run_id_tenant_id_and_operation_for_every_logger_of_the_factory()
    {
        var run = NewRun("test.log_scope");
        var scopes = new List<IReadOnlyList<KeyValuePair<string, object?>>>();
        var provider = new ScopeRecordingProvider(scopes);
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));

        using (RunTelemetry.BeginJob(run, factory.CreateLogger("Engine")))
        {
            factory.CreateLogger("Graph").LogWarning("inside the job");
        }

        factory.CreateLogger("Graph").LogWarning("after the job");
        Assert.That(scopes, Has.Count.EqualTo(2));
        var inside = scopes[0].ToDictionary(p => p.Key, p => p.Value);
        Assert.That(inside["RunId"], Is.EqualTo(run.Id));
        Assert.That(inside["TenantId"], Is.EqualTo(run.TenantId));
        Assert.That(inside["Operation"], Is.EqualTo("test.log_scope"));
        Assert.That(scopes[1], Is.Empty, "the scope ends with the job");
    }

    [Test]
    public void Claim_finish_items_and_sweeps_are_measured_by_operation_status_and_outcome()
    {
        const string operation = "test.metrics";
        var run = NewRun(operation);
        run.DispatchedAt = run.CreatedAt.AddSeconds(1);

        RunTelemetry.RunClaimed(run, run.CreatedAt.AddSeconds(3.5));
        run.MarkRunning(run.CreatedAt.AddSeconds(3.5), TimeSpan.FromMinutes(1));
        run.SetCounts(total: 3, succeeded: 2, failed: 1, skipped: 0);
        RunTelemetry.ItemFinished(operation, RunItemStatus.Succeeded);
        RunTelemetry.ItemFinished(operation, RunItemStatus.Succeeded);
        RunTelemetry.ItemFinished(operation, RunItemStatus.Failed);
        run.Complete(run.CreatedAt.AddSeconds(13.5));
        RunTelemetry.RunFinished(run);
        RunTelemetry.LeaseExpired();
        RunTelemetry.SweeperRepublished();

        Assert.That(Of(RunTelemetry.RunsStartedName, operation).Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(Of(RunTelemetry.QueueLagName, operation).Single().Value, Is.EqualTo(2.5), "from DispatchedAt to the claim");
        var finished = Of(RunTelemetry.RunsFinishedName, operation).Single();
        Assert.That(finished.Tags[TelemetryTags.Status], Is.EqualTo(nameof(RunStatus.Partial)));
        Assert.That(Of(RunTelemetry.RunDurationName, operation).Single().Value, Is.EqualTo(10), "from the first claim to FinishedAt");
        var items = Of(RunTelemetry.ItemsName, operation).GroupBy(m => m.Tags[TelemetryTags.Outcome]).ToDictionary(g => g.Key!, g => g.Sum(m => m.Value));
        Assert.That(items, Is.EquivalentTo(new Dictionary<object, double> { ["Succeeded"] = 2, ["Failed"] = 1 }));
        Assert.That(measurements.Count(m => m.Name == RunTelemetry.LeasesExpiredName), Is.GreaterThanOrEqualTo(1));
        Assert.That(measurements.Count(m => m.Name == RunTelemetry.SweeperRepublishedName), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Tenants_beyond_the_limit_share_one_series_when_more_tenants_are_seen_than_allowed()
    {
        var first = Guid.NewGuid();
        var previous = TenantMetricTag.Limit;
        try
        {
            TenantMetricTag.Configure(0);
            Assert.That(TenantMetricTag.For(Guid.NewGuid()), Is.EqualTo(TenantMetricTag.Overflow));
            TenantMetricTag.Configure(100_000);
            Assert.That(TenantMetricTag.For(first), Is.EqualTo(first.ToString()));
            TenantMetricTag.Configure(0);
            Assert.That(TenantMetricTag.For(first), Is.EqualTo(first.ToString()), "a tenant keeps the series it was given");
            Assert.That(TenantMetricTag.For(Guid.NewGuid()), Is.EqualTo(TenantMetricTag.Overflow));
        }
        finally
        {
            TenantMetricTag.Configure(previous);
        }
    }

    private sealed class ScopeRecordingProvider(List<IReadOnlyList<KeyValuePair<string, object?>>> scopes) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopeProvider = new LoggerExternalScopeProvider();

        public List<IReadOnlyList<KeyValuePair<string, object?>>> Scopes { get; } = scopes;

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void SetScopeProvider(IExternalScopeProvider provider) => scopeProvider = provider;

        public void Dispose()
        {
        }

        private sealed class Recorder(ScopeRecordingProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopeProvider.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = new List<KeyValuePair<string, object?>>();
                owner.scopeProvider.ForEachScope((scope, acc) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        acc.AddRange(pairs);
                    }
                }, values);
                owner.Scopes.Add(values);
            }
        }
    }
}
