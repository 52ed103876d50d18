using CsCheck;
using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Primitives.Tests;

/// <summary>
/// Property-based checks (CsCheck, with shrinking) of the CRDT laws over replicated histories. A generator gives the
/// deltas that writers send; the harness delivers them to three replicas in arbitrary orders and subsets, interleaved
/// with read repairs between replicas (each replica stores <c>stored ⊔ incoming</c>, as the table does), then checks on
/// the resulting states: idempotence (x ⊔ x = x, on stored states), commutativity and associativity (on stored states
/// and raw deltas mixed), and convergence (once every delta reached every replica, in each replica's own order, all
/// replicas are equal). Equality is <see cref="Structural"/>: every field. A failure reports the law and CsCheck's
/// shrunk minimal counter-example: the history, the replica states, the inputs and both sides.
/// </summary>
public static class CrdtCheck
{
    /// <summary>
    /// CsCheck runs this seed first, then fresh ones (each failure prints its own seed: put it here to replay it).
    /// The laws must hold for every history, so fresh random cases only make the check stronger.
    /// </summary>
    public const string Seed = "ety2Wv-qgOo1";

    /// <summary>Per law; 4 laws per type keep the whole Grains + Primitives run within seconds.</summary>
    public const long Iterations = 2000;

    public const int ReplicaCount = 3;

    public static Gen<int> Small(int max) => Gen.Int[0, max];

    /// <summary>An arbitrary history: 1..<paramref name="maxDeltas"/> deltas drawn from <paramref name="delta"/>.</summary>
    public static Gen<T[]> History<T>(Gen<T> delta, int maxDeltas = 8) => delta.Array[1, maxDeltas];

    /// <summary>Checks the four laws on histories; <paramref name="store"/> is how a replica stores its first delta.</summary>
    public static void Laws<T>(Gen<T[]> history, Func<T, T>? store = null, long iterations = Iterations, string? seed = Seed)
        where T : ICrdt<T>
    {
        var scenarios = Scenarios(history, store ?? (d => d));
        var failures = new List<string>();

        // Every law runs, so that a failure reports each broken law with its own minimal counter-example.
        void Run(string law, Func<Scenario<T>, IEnumerable<(T[] Inputs, T Left, T Right)>> sides)
        {
            try
            {
                Check(scenarios, law, iterations, seed, sides);
            }
            catch (CsCheckException e)
            {
                failures.Add(e.Message);
            }
        }

        Run("idempotence: x ⊔ x = x", s => s.Replicas.Select(x => (new[] { x }, x.Merge(x), x)));
        Run("commutativity: x ⊔ y = y ⊔ x", s =>
        {
            var (x, y) = (s.Pool(0), s.Pool(1));
            return [([x, y], x.Merge(y), y.Merge(x))];
        });
        Run("associativity: (x ⊔ y) ⊔ z = x ⊔ (y ⊔ z)", s =>
        {
            var (x, y, z) = (s.Pool(0), s.Pool(1), s.Pool(2));
            return [([x, y, z], x.Merge(y).Merge(z), x.Merge(y.Merge(z)))];
        });
        Run("convergence: every replica got every delta ⇒ replicas equal", s =>
        {
            var final = s.Delivered();
            return Enumerable.Range(1, ReplicaCount - 1).Select(r => (new[] { s.Replicas[0], s.Replicas[r] }, final[0], final[r]));
        });
        if (failures.Count > 0)
        {
            Assert.Fail(string.Join("\n\n", failures));
        }
    }

    /// <summary>Replicas after a random schedule of deliveries and read repairs.</summary>
    public static Gen<Scenario<T>> Scenarios<T>(Gen<T[]> history, Func<T, T> store) where T : ICrdt<T> =>
        history.Where(deltas => deltas.Length > 0).SelectMany(deltas => Gen.Select(
            Gen.Int[0, deltas.Length - 1].Array[ReplicaCount],
            Gen.Select(Small(3), Small(ReplicaCount - 1), Small(ReplicaCount - 1), Small(63)).Array[0, 4 * deltas.Length],
            Gen.Int[0, deltas.Length + ReplicaCount - 1].Array[3],
            Small(255).Array[deltas.Length].Array[ReplicaCount],
            (first, steps, picks, orders) => Scenario<T>.Run(deltas, store, first, steps, picks, orders)));

    private static void Check<T>(
        Gen<Scenario<T>> scenarios, string law, long iterations, string? seed,
        Func<Scenario<T>, IEnumerable<(T[] Inputs, T Left, T Right)>> sides)
        where T : ICrdt<T>
    {
        Func<Scenario<T>, bool> holds = s => sides(s).All(p => Structural.AreEqual(p.Left, p.Right));
        scenarios.Sample(
            holds,
            seed: seed,
            iter: iterations,
            print: s =>
            {
                var bad = sides(s).First(p => !Structural.AreEqual(p.Left, p.Right));
                return $"{typeof(T).Name}: {law} fails\n{s}\ninputs: {string.Join("\n        ", bad.Inputs.Select(x => Structural.Describe(x)))}"
                    + $"\nleft:   {Structural.Describe(bad.Left)}\nright:  {Structural.Describe(bad.Right)}";
            });
    }
}

/// <summary>One generated run: the deltas, the replicas' states, which states the laws combine, the final orders.</summary>
public sealed class Scenario<T> where T : ICrdt<T>
{
    private readonly int[] _picks;
    private readonly int[][] _orders;

    private Scenario(T[] deltas, T[] replicas, int[] picks, int[][] orders) =>
        (Deltas, Replicas, _picks, _orders) = (deltas, replicas, picks, orders);

    public IReadOnlyList<T> Deltas { get; }

    public IReadOnlyList<T> Replicas { get; }

    public static Scenario<T> Run(
        T[] deltas, Func<T, T> store, int[] first, (int Kind, int Replica, int Other, int Delta)[] steps, int[] picks, int[][] keys)
    {
        var replicas = first.Select(i => store(deltas[i])).ToArray();
        foreach (var (kind, r, other, d) in steps)
        {
            if (kind < 3)
            {
                replicas[r] = replicas[r].Merge(deltas[d % deltas.Length]);
            }
            else
            {
                // Read repair: the reader merges both answers and writes the result back to both replicas.
                var merged = replicas[r].Merge(replicas[other]);
                replicas[r] = replicas[r].Merge(merged);
                replicas[other] = replicas[other].Merge(merged);
            }
        }

        var orders = keys.Select(k => Enumerable.Range(0, deltas.Length).OrderBy(i => k[i]).ThenBy(i => i).ToArray()).ToArray();
        return new Scenario<T>(deltas, replicas, picks, orders);
    }

    /// <summary>The i-th input of a law: a replica's stored state, or a raw delta.</summary>
    public T Pool(int i) => _picks[i] < Replicas.Count ? Replicas[_picks[i]] : Deltas[_picks[i] - Replicas.Count];

    /// <summary>Each replica after receiving every delta, in its own order.</summary>
    public T[] Delivered() =>
        Replicas.Select((state, r) => _orders[r].Aggregate(state, (s, i) => s.Merge(Deltas[i]))).ToArray();

    public override string ToString() =>
        "deltas:\n  " + string.Join("\n  ", Deltas.Select(x => Structural.Describe(x)))
        + "\nreplicas:\n  " + string.Join("\n  ", Replicas.Select(x => Structural.Describe(x)));
}
