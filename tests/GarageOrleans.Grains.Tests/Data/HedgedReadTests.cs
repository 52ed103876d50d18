using GarageOrleans.Grains.Data;
using Microsoft.Extensions.Time.Testing;

namespace GarageOrleans.Grains.Tests.Data;

public sealed class HedgedReadTests
{
    private static readonly TimeSpan Hedge = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task APromptFirstCandidate_IsTheOnlyOneAsked()
    {
        var asked = new List<string>();

        var result = await HedgedRead.FirstAsync(["a", "b", "c"], c => { asked.Add(c); return Task.FromResult<string?>(c + "!"); }, Hedge, TimeProvider.System, [], default);

        Assert.Equal("a!", result);
        Assert.Equal(["a"], asked);
    }

    [Fact]
    public async Task AMissingOrFailingCopy_MakesTheNextCandidateStartAtOnce()
    {
        var time = new FakeTimeProvider(); // never advanced: a hedge delay would never fire
        var errors = new List<Exception>();
        var asked = new List<string>();

        var result = await HedgedRead.FirstAsync(
            ["missing", "failing", "good"],
            c =>
            {
                asked.Add(c);
                return c switch
                {
                    "missing" => Task.FromResult<string?>(null),
                    "failing" => Task.FromException<string?>(new IOException("corrupt")),
                    _ => Task.FromResult<string?>("data"),
                };
            },
            Hedge,
            time,
            errors,
            default);

        Assert.Equal("data", result);
        Assert.Equal(["missing", "failing", "good"], asked);
        Assert.IsType<IOException>(Assert.Single(errors));
    }

    [Fact]
    public async Task ASlowCandidate_IsHedgedAfterTheDelay_AndTheFirstGoodAnswerWins()
    {
        var time = new FakeTimeProvider();
        var slow = new TaskCompletionSource<string?>();
        var second = new TaskCompletionSource<string?>();
        var asked = new List<string>();

        var read = HedgedRead.FirstAsync(
            ["slow", "second", "third"],
            c => { asked.Add(c); return c == "slow" ? slow.Task : second.Task; },
            Hedge,
            time,
            [],
            default);

        Assert.Equal(["slow"], asked);
        time.Advance(Hedge - TimeSpan.FromMilliseconds(1));
        Assert.Equal(["slow"], asked);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => asked.Count == 2);
        Assert.Equal(["slow", "second"], asked);

        second.SetResult("from second");
        Assert.Equal("from second", await read);
        slow.SetResult("late"); // ignored
        Assert.Equal(2, asked.Count);
    }

    [Fact]
    public async Task NoCandidateHasIt_GivesNull()
    {
        var errors = new List<Exception>();

        Assert.Null(await HedgedRead.FirstAsync(["a", "b"], _ => Task.FromResult<string?>(null), Hedge, TimeProvider.System, errors, default));
        Assert.Null(await HedgedRead.FirstAsync(Array.Empty<string>(), _ => Task.FromResult<string?>("x"), Hedge, TimeProvider.System, errors, default));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Cancellation_StopsTheRead()
    {
        using var cancel = new CancellationTokenSource();
        var never = new TaskCompletionSource<string?>();
        var read = HedgedRead.FirstAsync(["a", "b"], _ => never.Task, TimeSpan.FromHours(1), TimeProvider.System, [], cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }
}
