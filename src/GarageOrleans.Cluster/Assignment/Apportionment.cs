namespace GarageOrleans.Cluster.Assignment;

/// <summary>
/// Splits an integer total into integer shares proportional to weights, each share clamped to [lower, upper]
/// (a water-filling), then rounded by largest remainder. All arithmetic is exact (Int128): no floating point, so
/// every node computes the same shares whatever its CPU.
/// </summary>
internal static class Apportionment
{
    /// <param name="total">Sum of the shares; must lie between the sums of <paramref name="lower"/> and <paramref name="upper"/>.</param>
    /// <param name="weights">Positive weights (capacities).</param>
    /// <param name="lower">Smallest share of each item.</param>
    /// <param name="upper">Largest share of each item.</param>
    /// <param name="preference">
    /// Tie-break for the rounding: among equal remainders the item with the larger preference gets the extra unit
    /// (callers pass what the item held before, so rounding does not move data needlessly); then the lower index.
    /// </param>
    public static int[] Split(int total, long[] weights, int[] lower, int[] upper, int[] preference)
    {
        var n = weights.Length;
        if (lower.Sum() > total || upper.Sum() < total)
        {
            throw new InvalidOperationException($"cannot split {total} within bounds [{lower.Sum()}, {upper.Sum()}]");
        }

        var share = new int[n];
        var isFixed = new bool[n];
        Int128 remaining;
        Int128 weightSum;
        while (true)
        {
            (remaining, weightSum) = Remaining(total, weights, share, isFixed);
            if (weightSum == 0)
            {
                break;
            }

            // share_i = remaining * w_i / weightSum; compare scaled by weightSum to stay exact.
            Int128 excess = 0, deficit = 0;
            for (var i = 0; i < n; i++)
            {
                if (isFixed[i])
                {
                    continue;
                }

                var scaled = remaining * weights[i];
                if (scaled > upper[i] * weightSum)
                {
                    excess += scaled - upper[i] * weightSum;
                }
                else if (scaled < lower[i] * weightSum)
                {
                    deficit += lower[i] * weightSum - scaled;
                }
            }

            if (excess == 0 && deficit == 0)
            {
                break;
            }

            // Clamping every violator at once is wrong in general; clamping the larger side is safe: if the excess
            // wins, the true level is higher still, so the items above their cap stay above it (and vice versa).
            for (var i = 0; i < n; i++)
            {
                if (isFixed[i])
                {
                    continue;
                }

                var scaled = remaining * weights[i];
                if (excess >= deficit && scaled > upper[i] * weightSum)
                {
                    (share[i], isFixed[i]) = (upper[i], true);
                }
                else if (deficit >= excess && scaled < lower[i] * weightSum)
                {
                    (share[i], isFixed[i]) = (lower[i], true);
                }
            }
        }

        if (weightSum == 0)
        {
            return share.Sum() == total ? share : throw new InvalidOperationException("apportionment did not converge");
        }

        var remainders = new Int128[n];
        var given = 0;
        for (var i = 0; i < n; i++)
        {
            if (!isFixed[i])
            {
                var scaled = remaining * weights[i];
                share[i] = (int)(scaled / weightSum);
                remainders[i] = scaled % weightSum;
            }

            given += share[i];
        }

        var extra = Enumerable.Range(0, n)
            .Where(i => !isFixed[i] && remainders[i] > 0)
            .OrderByDescending(i => remainders[i])
            .ThenByDescending(i => preference[i])
            .ThenBy(i => i)
            .Take(total - given);
        foreach (var i in extra)
        {
            share[i]++;
        }

        return share;
    }

    private static (Int128 Remaining, Int128 WeightSum) Remaining(int total, long[] weights, int[] share, bool[] isFixed)
    {
        Int128 remaining = total, weightSum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (isFixed[i])
            {
                remaining -= share[i];
            }
            else
            {
                weightSum += weights[i];
            }
        }

        return (remaining, weightSum);
    }
}
