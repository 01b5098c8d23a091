using Moq;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Runs.Feed;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.UnitTests.Runs;

public sealed class GetRunFeedQueryHandlerTests
{
    [Test]
    public async Task A_page_stops_before_the_first_unsettled_event_so_the_cursor_never_passes_it()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var userId = Guid.NewGuid();
        var now = host.Time.GetUtcNow();
        await host.DbAsync(async db =>
        {
            db.Users.Add(new User { Id = userId, Subject = "u", CreatedAt = now });
            db.TenantMemberships.Add(new TenantMembership { UserId = userId, TenantId = tenant.Id, Role = TenantRole.Reader, CreatedAt = now });
            // Ids 1..3; the second one is recent (as if its transaction committed late on SQL Server).
            foreach (var occurred in new[] { now.AddSeconds(-10), now.AddMilliseconds(-100), now.AddSeconds(-5) })
            {
                db.RunEvents.Add(new RunEvent
                {
                    TenantId = tenant.Id, RunId = Guid.NewGuid(), RunKind = RunKind.BulkOperation, Operation = RunOperations.PolicySync,
                    Type = RunNotifier.StatusEvent, Status = RunStatus.Queued, OccurredAt = occurred,
                });
                await db.SaveChangesAsync();
            }

            return 0;
        });
        var actor = new Mock<ICurrentActor>();
        actor.SetupGet(a => a.UserId).Returns(userId);
        actor.SetupGet(a => a.Display).Returns($"user:{userId}");

        var settled = await host.DbAsync(db => new GetRunFeedQueryHandler(db, actor.Object)
            .Handle(new GetRunFeedQuery(0, 100, now.AddSeconds(-2)), CancellationToken.None).AsTask());
        Assert.That(settled.Events, Has.Count.EqualTo(1));
        Assert.That(settled.Cursor, Is.EqualTo(settled.Events[0].Id), "the cursor stops before the unsettled event");

        var all = await host.DbAsync(db => new GetRunFeedQueryHandler(db, actor.Object)
            .Handle(new GetRunFeedQuery(settled.Cursor, 100), CancellationToken.None).AsTask());
        Assert.That(all.Events, Has.Count.EqualTo(2), "without a settle window every later event is read");
    }
}
