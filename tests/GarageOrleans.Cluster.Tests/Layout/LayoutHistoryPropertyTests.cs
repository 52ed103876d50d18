using CsCheck;
using GarageOrleans.Cluster.Layout;
using GarageOrleans.Primitives;
using static GarageOrleans.Cluster.Tests.TestNodes;

namespace GarageOrleans.Cluster.Tests.Layout;

/// <summary>
/// Random runs of layout operations on several copies of the history, with copies exchanged and merged at arbitrary
/// moments: every copy must converge once all are merged, in any order, and Merge must be a semilattice on every
/// history a run reaches. Timestamps come from a small range so that LWW ties and out-of-order clocks are common.
/// </summary>
public sealed class LayoutHistoryPropertyTests
{
    private const int Copies = 4;

    private static readonly NodeId[] Nodes = [.. "abcde".Select(c => Id(c.ToString()))];

    /// <summary>Operation kinds weighted by repetition: enough assigns and applies for versions to pile up.</summary>
    private static readonly OpKind[] AllKinds =
    [
        OpKind.Assign, OpKind.Assign, OpKind.Assign, OpKind.Remove, OpKind.Config, OpKind.Revert,
        OpKind.Apply, OpKind.Apply, OpKind.Apply, OpKind.Tracker, OpKind.Tracker, OpKind.EveryoneSynced,
        OpKind.Receive, OpKind.Receive, OpKind.Receive,
    ];

    /// <summary>Everything but apply, whose assignment computation dominates the cost of a run.</summary>
    private static readonly OpKind[] CheapKinds = [.. AllKinds.Where(k => k != OpKind.Apply)];

    /// <summary>
    /// Histories a copy can start from: empty, version 1 only, seven versions (so that a short run can retire and
    /// prune some), and two different versions 2 on one version 1 (a divergence waiting to be merged).
    /// </summary>
    private static readonly LayoutHistory[] Starts =
    [
        LayoutHistory.Empty,
        Bootstrap(1),
        Bootstrap(7),
        Bootstrap(1).StageRole(Storage("d", "zd"), 1).Apply(2, 1),
        Bootstrap(1).StageRole(Storage("e", "ze"), 1).Apply(2, 1),
    ];

    [Fact]
    public void AnyInterleaving_WithApplies_ConvergesAndMergeIsASemilattice()
    {
        var seen = CheckRuns(AllKinds, sameStart: true, iterations: 150);

        // A generator too timid to reach these cases would make the property vacuous.
        Assert.True(seen.MultiVersion > 0 && seen.Diverged > 0 && seen.Pruned > 0 && seen.TwoActive > 0, seen.ToString());
    }

    [Fact]
    public void AnyInterleaving_FromMixedStarts_ConvergesAndMergeIsASemilattice()
    {
        var seen = CheckRuns(CheapKinds, sameStart: false, iterations: 600);

        Assert.True(seen.Diverged > 0 && seen.Pruned > 0 && seen.TwoActive > 0, seen.ToString());
    }

    /// <summary>
    /// Runs random operation sequences on <see cref="Copies"/> copies, then merges every copy into every other in a
    /// random order: all must end equal (canonical JSON), and merge must be idempotent, commutative and associative
    /// on histories the run reached. Returns how often the interesting cases were reached.
    /// </summary>
    private static Coverage CheckRuns(OpKind[] kinds, bool sameStart, int iterations)
    {
        var opGen = Gen.Select(
            Gen.Int[0, kinds.Length - 1], Gen.Int[0, Copies - 1], Gen.Int[0, Nodes.Length - 1], Gen.Int[0, 4], Gen.Int[0, 20],
            (kind, actor, a, b, time) => new Op(kinds[kind], actor, a, b, (ulong)time));
        var runGen = Gen.Select(opGen.Array[0, 40], Gen.Int, Gen.Int[0, Starts.Length - 1].Array[Copies]);
        int multiVersion = 0, diverged = 0, pruned = 0, twoActive = 0;
        runGen.Sample(
            run =>
            {
                var (ops, seed, starts) = run;
                var copies = starts.Select(i => Starts[sameStart ? starts[0] : i]).ToArray();
                var reached = new List<LayoutHistory>(copies);
                foreach (var op in ops)
                {
                    copies[op.Actor] = Step(copies, op);
                    CheckNormalForm(copies[op.Actor]);
                    reached.Add(copies[op.Actor]);
                }

                var random = new Random(seed);
                var final = copies
                    .Select((h, i) => copies.Where((_, j) => j != i).OrderBy(_ => random.Next()).Aggregate(h, (acc, other) => acc.Merge(other)))
                    .ToArray();
                var json = final[0].ToJson();
                Assert.All(final, h => Assert.Equal(json, h.ToJson()));
                Assert.All(final, h => Assert.Equal(final[0].Digest, h.Digest));
                if (seed % 8 == 0)
                {
                    // Reading back re-checks every assignment and content hash: costly, so only in some runs.
                    Assert.Equal(json, LayoutHistory.FromJson(json).ToJson());
                }

                reached.AddRange(final);
                for (var k = 0; k < 6; k++)
                {
                    var (x, y, z) = (Pick(reached, random), Pick(reached, random), Pick(reached, random));
                    // Digests stand for the canonical JSON (version bodies by their content hash) and cost far less.
                    Assert.Equal(x.Digest, x.Merge(x).Digest);
                    Assert.Equal(x.Merge(y).Digest, y.Merge(x).Digest);
                    Assert.Equal(x.Merge(y).Merge(z).Digest, x.Merge(y.Merge(z)).Digest);
                }

                Interlocked.Add(ref multiVersion, final[0].Versions.Count > 1 ? 1 : 0);
                Interlocked.Add(ref diverged, final[0].Diverged ? 1 : 0);
                Interlocked.Add(ref pruned, final[0].PrunedBelow > 0 ? 1 : 0);
                Interlocked.Add(ref twoActive, final[0].ActiveVersions.Count > 1 ? 1 : 0);
            },
            iter: iterations,
            print: run => $"starts [{string.Join(", ", run.Item3)}], seed {run.Item2}{Environment.NewLine}{string.Join(Environment.NewLine, run.Item1)}");
        return new Coverage(multiVersion, diverged, pruned, twoActive);
    }

    /// <summary>Versions 1 to <paramref name="versions"/> on a, b, c at rf 2 (a's capacity changes each time).</summary>
    private static LayoutHistory Bootstrap(int versions)
    {
        var history = new[] { "b", "c" }
            .Aggregate(LayoutHistory.Empty, (h, n) => h.StageRole(Storage(n, "z" + n), 0))
            .StageParameters(new LayoutParameters(2, ZoneRedundancy.Maximum), 0);
        for (var v = 1; v <= versions; v++)
        {
            history = history.StageRole(Storage("a", "za", 1000 + v), 0).Apply((ulong)v, 0);
        }

        return history;
    }

    private static LayoutHistory Step(LayoutHistory[] copies, Op op)
    {
        var h = copies[op.Actor];
        var node = Nodes[op.A];
        switch (op.Kind)
        {
            case OpKind.Assign:
                return h.StageRole(new NodeRole(node, $"z{op.B % 3}", op.B == 3 ? null : 100L * (1 + (op.B % 2))), op.Time);
            case OpKind.Remove:
                return h.StageRemove(node, op.Time);
            case OpKind.Config:
                return h.StageParameters(
                    new LayoutParameters(op.A == 4 ? 3 : 1 + (op.A % 2), op.B == 4 ? ZoneRedundancy.AtLeastZones(2) : ZoneRedundancy.Maximum), op.Time);
            case OpKind.Revert:
                return h.Revert(op.Time);
            case OpKind.Apply:
                try
                {
                    // One apply in five names a stale number, as a second operator with an old view would.
                    return h.Apply(h.CurrentNumber + (op.B == 4 ? 2UL : 1UL), op.Time);
                }
                catch (InvalidLayoutException)
                {
                    return h;
                }

            case OpKind.Tracker when h.CurrentNumber > 0:
                var version = h.CurrentNumber - Math.Min(h.CurrentNumber, (ulong)(op.B / 3));
                return (op.B % 3) switch
                {
                    0 => h.AckUpTo(node, version),
                    1 => h.SyncUpTo(node, version),
                    _ => h.SyncAckUpTo(node, version),
                };
            case OpKind.EveryoneSynced when h.CurrentNumber > 0:
                // Moves the trackers far enough for versions to retire and be pruned within a short run.
                return Nodes.Aggregate(h, (acc, n) => acc.SyncUpTo(n, acc.CurrentNumber).SyncAckUpTo(n, acc.CurrentNumber));
            case OpKind.Receive:
                return h.Merge(copies[op.A % Copies]);
            default:
                return h;
        }
    }

    private static void CheckNormalForm(LayoutHistory h)
    {
        for (var i = 0; i < h.Versions.Count; i++)
        {
            Assert.True(h.Versions[i].Number >= h.PrunedBelow);
            Assert.True(i == 0 || h.Versions[i].Number == h.Versions[i - 1].Number + 1);
            Assert.Contains(h.Versions[i].Ref, h.Seen);
        }

        if (h.Current is { } current)
        {
            Assert.Same(current, h.ActiveVersions[^1]);
            Assert.Contains(h.ReadVersion!, h.ActiveVersions.Concat(h.RetiredVersions));
            Assert.True(h.RetiredVersions.Count <= LayoutHistory.RetiredVersionsKept);
        }
    }

    private static LayoutHistory Pick(List<LayoutHistory> histories, Random random) => histories[random.Next(histories.Count)];

    private enum OpKind
    {
        Assign,
        Remove,
        Config,
        Revert,
        Apply,
        Tracker,
        EveryoneSynced,
        Receive,
    }

    private readonly record struct Coverage(int MultiVersion, int Diverged, int Pruned, int TwoActive);

    private readonly record struct Op(OpKind Kind, int Actor, int A, int B, ulong Time)
    {
        public override string ToString() => $"copy {Actor}: {Kind} a={A} b={B} t={Time}";
    }
}
