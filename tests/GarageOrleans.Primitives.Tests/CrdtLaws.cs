using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Primitives.Tests;

/// <summary>
/// Checks the three CRDT laws on random values: idempotence (a ⊔ a = a), commutativity (a ⊔ b = b ⊔ a) and
/// associativity ((a ⊔ b) ⊔ c = a ⊔ (b ⊔ c)), with the type's value equality. Reusable for every row
/// type. Generators should draw from small domains (few keys, few timestamps) so that ties and overlaps, where merge
/// bugs hide, are frequent.
/// </summary>
public static class CrdtLaws
{
    public const int DefaultSeed = 20261129;

    public static void Check<T>(Func<Random, T> gen, int cases, int seed = DefaultSeed, IEqualityComparer<T>? comparer = null)
        where T : ICrdt<T>
    {
        ArgumentNullException.ThrowIfNull(gen);
        comparer ??= EqualityComparer<T>.Default;
        var random = new Random(seed);
        for (var i = 0; i < cases; i++)
        {
            var a = gen(random);
            var b = gen(random);
            var c = gen(random);
            // A value merged with something derived from itself is the common case in practice (read repair).
            var d = random.Next(4) == 0 ? a.Merge(b) : c;

            Expect(comparer, a, a.Merge(a), "idempotence: a ⊔ a = a", i, seed, a);
            Expect(comparer, a.Merge(b), b.Merge(a), "commutativity: a ⊔ b = b ⊔ a", i, seed, a, b);
            Expect(comparer, a.Merge(b).Merge(d), a.Merge(b.Merge(d)), "associativity: (a ⊔ b) ⊔ c = a ⊔ (b ⊔ c)", i, seed, a, b, d);
            Expect(comparer, a.Merge(b), a.Merge(b).Merge(b), "absorption: (a ⊔ b) ⊔ b = a ⊔ b", i, seed, a, b);
        }
    }

    private static void Expect<T>(IEqualityComparer<T> comparer, T expected, T actual, string law, int index, int seed, params T[] inputs)
    {
        if (!comparer.Equals(expected, actual))
        {
            Assert.Fail($"{typeof(T).Name}: {law} fails in case {index} (seed {seed}).\n"
                + $"inputs: {string.Join(" | ", inputs)}\nleft:  {expected}\nright: {actual}");
        }
    }
}
