using GarageOrleans.Cluster.Assignment;
using GarageOrleans.Primitives;

namespace GarageOrleans.Cluster;

/// <summary>
/// Assigns the replicas of each partition to storage nodes (docs/layout-assignment.md):
/// 1. quotas: the 256 × rf replicas are split between zones, then between the nodes of each zone, in proportion to
///    capacity, within the bounds that the zone rule imposes;
/// 2. placement: a minimum-cost flow gives every partition rf distinct nodes in min(#zones, rf) distinct zones, each
///    node exactly its quota, and keeps as many replicas of <c>previous</c> in place as those constraints allow.
/// </summary>
internal static class LayoutAssignment
{
    private const int Partitions = ClusterLayout.PartitionCount;

    // Moving a replica costs MoveCost plus a little noise; MoveCost exceeds the noise of all replicas together, so
    // the flow first minimises movement and only then uses the noise, which spreads new replicas over many nodes
    // (as Garage explores neighbours in random order) instead of filling nodes in id order.
    private const int NoiseRange = 16;

    /// <summary>
    /// For each of the 256 partitions, <paramref name="replicationFactor"/> distinct storage nodes sorted by id.
    /// Deterministic: the same inputs give the same output on every node.
    /// </summary>
    /// <exception cref="InvalidLayoutException">The roles or the replication factor are not valid.</exception>
    public static NodeId[][] Assign(IReadOnlyList<NodeRole> roles, int replicationFactor, NodeId[][]? previous)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var storage = Validate(roles, replicationFactor);
        var zones = storage.Select(r => r.Zone).Distinct().Order(StringComparer.Ordinal).ToArray();
        var zoneOf = storage.Select(r => Array.BinarySearch(zones, r.Zone, StringComparer.Ordinal)).ToArray();
        var held = PreviousPlacements(storage, previous);
        var quotas = Quotas(storage, zones, zoneOf, replicationFactor, held);
        return Place(storage, replicationFactor, held, quotas);
    }

    /// <summary>
    /// Places the replicas so that node n holds quotas[n] partitions. If that is impossible together with the zone
    /// rule, each node may exceed its quota by the smallest common slack that makes a full assignment exist.
    /// <paramref name="storage"/> is sorted by node id; held[n] lists the partitions node n held before.
    /// </summary>
    internal static NodeId[][] Place(NodeRole[] storage, int replicationFactor, HashSet<int>[] held, int[] quotas)
    {
        var zones = storage.Select(r => r.Zone).Distinct().Order(StringComparer.Ordinal).ToArray();
        var zoneOf = storage.Select(r => Array.BinarySearch(zones, r.Zone, StringComparer.Ordinal)).ToArray();
        var network = new Network(storage, zones.Length, zoneOf, replicationFactor, held);
        var assignment = network.Solve(quotas, slack: 0);
        if (assignment is not null)
        {
            return assignment;
        }

        // Not reached by quotas from Quotas() in any case we know of (its zone bounds make them feasible); kept so
        // that a gap in that reasoning costs balance, not the ability to apply a layout.
        int low = 1, high = Partitions;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (network.Solve(quotas, mid) is null)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return network.Solve(quotas, low)
            ?? throw new InvalidOperationException("no assignment exists although the roles were validated");
    }

    private static NodeRole[] Validate(IReadOnlyList<NodeRole> roles, int replicationFactor)
    {
        if (replicationFactor < 1)
        {
            throw new InvalidLayoutException($"replication factor must be at least 1, got {replicationFactor}");
        }

        var seen = new HashSet<NodeId>();
        foreach (var role in roles)
        {
            if (role is null)
            {
                throw new InvalidLayoutException("the layout contains a null role");
            }

            if (!seen.Add(role.Node))
            {
                throw new InvalidLayoutException($"node {role.Node.ToHex()} appears more than once in the layout");
            }

            if (string.IsNullOrWhiteSpace(role.Zone))
            {
                throw new InvalidLayoutException($"node {role.Node.ToHex()} has no zone");
            }

            if (role.CapacityBytes <= 0)
            {
                throw new InvalidLayoutException(
                    $"node {role.Node.ToHex()} has capacity {role.CapacityBytes}; a capacity must be positive "
                    + "(give no capacity to make the node a gateway that stores nothing)");
            }
        }

        var storage = roles.Where(r => !r.IsGateway).OrderBy(r => r.Node).ToArray();
        if (storage.Length < replicationFactor)
        {
            throw new InvalidLayoutException(
                $"replication factor {replicationFactor} needs at least {replicationFactor} storage nodes, the layout has {storage.Length}");
        }

        return storage;
    }

    /// <summary>held[n] = the partitions node n held in the previous assignment (empty without one).</summary>
    internal static HashSet<int>[] PreviousPlacements(NodeRole[] storage, NodeId[][]? previous)
    {
        var index = storage.Select((r, i) => (r.Node, i)).ToDictionary(x => x.Node, x => x.i);
        var held = storage.Select(_ => new HashSet<int>()).ToArray();
        if (previous is null)
        {
            return held;
        }

        for (var p = 0; p < Math.Min(previous.Length, Partitions); p++)
        {
            foreach (var node in previous[p])
            {
                if (index.TryGetValue(node, out var n))
                {
                    held[n].Add(p);
                }
            }
        }

        return held;
    }

    private static int[] Quotas(NodeRole[] storage, string[] zones, int[] zoneOf, int rf, HashSet<int>[] held)
    {
        var z = zones.Length;
        var nodesIn = new int[z];
        var zoneWeight = new long[z];
        var zoneHeld = new int[z];
        for (var n = 0; n < storage.Length; n++)
        {
            nodesIn[zoneOf[n]]++;
            zoneWeight[zoneOf[n]] += storage[n].CapacityBytes!.Value;
            zoneHeld[zoneOf[n]] += held[n].Count;
        }

        // With at least rf zones a zone holds each partition at most once. With fewer zones than rf every zone holds
        // each partition at least once, and at most rf - (z - 1) times since every other zone needs one replica.
        var spreadAll = z <= rf;
        var lower = Enumerable.Repeat(spreadAll ? Partitions : 0, z).ToArray();
        var upper = Enumerable.Range(0, z)
            .Select(i => Partitions * (spreadAll ? Math.Min(nodesIn[i], rf - z + 1) : 1))
            .ToArray();
        var zoneQuota = Apportionment.Split(Partitions * rf, zoneWeight, lower, upper, zoneHeld);

        var quotas = new int[storage.Length];
        for (var zone = 0; zone < z; zone++)
        {
            var members = Enumerable.Range(0, storage.Length).Where(n => zoneOf[n] == zone).ToArray();
            var split = Apportionment.Split(
                zoneQuota[zone],
                [.. members.Select(n => storage[n].CapacityBytes!.Value)],
                new int[members.Length],
                [.. members.Select(_ => Partitions)],
                [.. members.Select(n => held[n].Count)]);
            for (var i = 0; i < members.Length; i++)
            {
                quotas[members[i]] = split[i];
            }
        }

        return quotas;
    }

    /// <summary>
    /// Source → partition "spread" vertex (capacity min(#zones, rf)) and "rest" vertex (the other replicas) →
    /// (partition, zone) vertex (1 from spread, so the spread replicas land in distinct zones) → node (capacity 1:
    /// distinct nodes) → sink (the node's quota). Garage's graph (optimal_layout.tex), solved by min-cost flow.
    /// </summary>
    private sealed class Network(NodeRole[] storage, int zoneCount, int[] zoneOf, int rf, HashSet<int>[] held)
    {
        private readonly int _spread = Math.Min(zoneCount, rf);

        public NodeId[][]? Solve(int[] quotas, int slack)
        {
            var total = Partitions * rf;
            var nodeCount = storage.Length;
            const int source = 0, sink = 1;
            int Spread(int p) => 2 + p;
            int Rest(int p) => 2 + Partitions + p;
            int PartitionZone(int p, int z) => 2 + (2 * Partitions) + (p * zoneCount) + z;
            int Node(int n) => 2 + (2 * Partitions) + (Partitions * zoneCount) + n;

            var net = new FlowNetwork(Node(nodeCount));
            var moveCost = (long)NoiseRange * (total + 1);
            var sinkEdge = new int[nodeCount];
            for (var n = 0; n < nodeCount; n++)
            {
                sinkEdge[n] = net.AddEdge(Node(n), sink, Math.Min(Partitions, quotas[n] + slack), 0);
            }

            var spreadEdge = new int[Partitions];
            var restEdge = new int[Partitions];
            var spreadZoneEdge = new int[Partitions, zoneCount];
            var restZoneEdge = new int[Partitions, zoneCount];
            var nodeEdge = new int[Partitions, nodeCount];
            for (var p = 0; p < Partitions; p++)
            {
                spreadEdge[p] = net.AddEdge(source, Spread(p), _spread, 0);
                restEdge[p] = net.AddEdge(source, Rest(p), rf - _spread, 0);
                for (var z = 0; z < zoneCount; z++)
                {
                    spreadZoneEdge[p, z] = net.AddEdge(Spread(p), PartitionZone(p, z), 1, 0);
                    restZoneEdge[p, z] = net.AddEdge(Rest(p), PartitionZone(p, z), rf - _spread, 0);
                }

                for (var n = 0; n < nodeCount; n++)
                {
                    var cost = held[n].Contains(p) ? 0 : moveCost + Noise(storage[n].Node, p);
                    nodeEdge[p, n] = net.AddEdge(PartitionZone(p, zoneOf[n]), Node(n), 1, cost);
                }
            }

            // Seed with the previous placements that fit (zero cost, hence a minimum-cost start); the augmenting
            // paths then reroute them only where the quotas or the zone rule require it.
            var seeded = 0;
            for (var p = 0; p < Partitions; p++)
            {
                for (var n = 0; n < nodeCount; n++)
                {
                    if (!held[n].Contains(p) || net.Residual(sinkEdge[n]) == 0)
                    {
                        continue;
                    }

                    var z = zoneOf[n];
                    var (first, second) = net.Residual(spreadEdge[p]) > 0 && net.Residual(spreadZoneEdge[p, z]) > 0
                        ? (spreadEdge[p], spreadZoneEdge[p, z])
                        : (restEdge[p], restZoneEdge[p, z]);
                    if (net.Residual(first) == 0 || net.Residual(second) == 0)
                    {
                        continue;
                    }

                    foreach (var e in (ReadOnlySpan<int>)[first, second, nodeEdge[p, n], sinkEdge[n]])
                    {
                        net.Push(e, 1);
                    }

                    seeded++;
                }
            }

            if (seeded + net.Augment(source, sink, total - seeded) < total)
            {
                return null;
            }

            var result = new NodeId[Partitions][];
            for (var p = 0; p < Partitions; p++)
            {
                result[p] = [.. Enumerable.Range(0, nodeCount).Where(n => net.Flow(nodeEdge[p, n]) > 0).Select(n => storage[n].Node)];
            }

            return result;
        }

        private static long Noise(NodeId node, int partition)
        {
            // SplitMix64 finaliser over (node, partition): cheap, well mixed, identical everywhere.
            var x = node.Value.W0 ^ ((ulong)partition * 0x9E3779B97F4A7C15UL);
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return (long)((x ^ (x >> 31)) % NoiseRange);
        }
    }
}
