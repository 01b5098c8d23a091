using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Domain.UnitTests.Runs;

public sealed class RunStateMachineTests
{
    private static readonly (RunStatus From, RunStatus To)[] Allowed =
    [
        (RunStatus.Queued, RunStatus.Running),
        (RunStatus.Queued, RunStatus.Cancelled),
        (RunStatus.Queued, RunStatus.Failed),
        (RunStatus.Running, RunStatus.Succeeded),
        (RunStatus.Running, RunStatus.Partial),
        (RunStatus.Running, RunStatus.Failed),
        (RunStatus.Running, RunStatus.Cancelled),
        (RunStatus.Running, RunStatus.Queued),
    ];

    public static IEnumerable<TestCaseData> AllPairs() =>
        from source in Enum.GetValues<RunStatus>()
        from target in Enum.GetValues<RunStatus>()
        select new TestCaseData(source, target).SetName($"Transition_{source}_to_{target}");

    [TestCaseSource(nameof(AllPairs))]
    public void Allows_exactly_the_designed_transitions(RunStatus from, RunStatus to)
    {
        var expected = Allowed.Contains((from, to));
        Assert.That(RunStateMachine.CanTransition(from, to), Is.EqualTo(expected));
        if (expected)
        {
            Assert.DoesNotThrow(() => RunStateMachine.EnsureCanTransition(from, to));
        }
        else
        {
            var ex = Assert.Throws<InvalidRunTransitionException>(() => RunStateMachine.EnsureCanTransition(from, to));
            Assert.That(ex!.From, Is.EqualTo(from));
            Assert.That(ex.To, Is.EqualTo(to));
        }
    }

    [TestCase(RunStatus.Succeeded)]
    [TestCase(RunStatus.Partial)]
    [TestCase(RunStatus.Failed)]
    [TestCase(RunStatus.Cancelled)]
    public void Terminal_states_never_change(RunStatus terminal)
    {
        Assert.That(RunStateMachine.IsTerminal(terminal), Is.True);
        Assert.That(Enum.GetValues<RunStatus>().Where(to => RunStateMachine.CanTransition(terminal, to)), Is.Empty);
    }

    [TestCase(5, 0, 0, RunStatus.Succeeded, TestName = "All succeeded gives Succeeded")]
    [TestCase(3, 0, 2, RunStatus.Succeeded, TestName = "Succeeded and skipped gives Succeeded")]
    [TestCase(0, 0, 4, RunStatus.Succeeded, TestName = "All skipped gives Succeeded")]
    [TestCase(0, 0, 0, RunStatus.Succeeded, TestName = "No items gives Succeeded")]
    [TestCase(0, 3, 0, RunStatus.Failed, TestName = "None succeeded and some failed gives Failed")]
    [TestCase(0, 3, 2, RunStatus.Failed, TestName = "Failed and skipped without success gives Failed")]
    [TestCase(2, 1, 0, RunStatus.Partial, TestName = "Mixed success and failure gives Partial")]
    [TestCase(1, 1, 1, RunStatus.Partial, TestName = "Mixed with skipped gives Partial")]
    public void Final_status_follows_the_rule(int succeeded, int failed, int skipped, RunStatus expected) =>
        Assert.That(RunStateMachine.FinalStatus(succeeded, failed, skipped), Is.EqualTo(expected));
}
