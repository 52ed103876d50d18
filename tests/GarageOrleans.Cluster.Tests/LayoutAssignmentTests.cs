using static GarageOrleans.Cluster.Tests.TestNodes;

namespace GarageOrleans.Cluster.Tests;

public sealed class LayoutAssignmentTests
{
    private const int P = ClusterLayout.PartitionCount;

    [Fact]
    public void SingleNode_Rf1_HoldsEveryPartition()
    {
        var layout = ClusterLayout.SingleNode(Id("a"), "dc1", 1_000);

        Assert.Equal(1, layout.ReplicationFactor);
        Assert.All(Enumerable.Range(0, P), p => Assert.Equal([Id("a")], layout.NodesOf((byte)p)));
    }

    [Theory]
    [InlineData(3, 3, 3)] // as many zones as rf: one replica per zone
    [InlineData(6, 3, 3)] // two nodes per zone
    [InlineData(5, 2, 3)] // fewer zones than rf: both zones in every partition
    [InlineData(8, 5, 3)] // more zones than rf
    [InlineData(4, 1, 3)] // a single zone
    [InlineData(7, 3, 2)]
    [InlineData(9, 4, 4)]
    public void Assign_EveryPartitionHasRfDistinctNodesInMinZonesRfDistinctZones(int nodes, int zones, int rf)
    {
        var roles = Enumerable.Range(0, nodes).Select(i => Storage($"n{i}", $"z{i % zones}")).ToArray();

        var layout = ClusterLayout.Compute(1, rf, roles, null);

        AssertValid(layout, roles, rf);
    }

    [Fact]
    public void Assign_EqualCapacities_BalancesWithinOnePartition()
    {
        var roles = Enumerable.Range(0, 5).Select(i => Storage($"n{i}", $"z{i}")).ToArray();

        var layout = ClusterLayout.Compute(1, 3, roles, null);

        // 768 replicas over 5 nodes: 153.6 each.
        Assert.All(roles, r => Assert.InRange(layout.PartitionCountOf(r.Node), 153, 154));
    }

    [Fact]
    public void Assign_UnequalCapacities_ProportionalWithinOnePartition()
    {
        var roles = new[] { Storage("a", "z1", 100), Storage("b", "z2", 200), Storage("c", "z3", 300), Storage("d", "z4", 400) };

        var layout = ClusterLayout.Compute(1, 2, roles, null);

        // 512 replicas over capacities 1:2:3:4 = 51.2, 102.4, 153.6, 204.8.
        int[] expected = [51, 102, 153, 204];
        for (var i = 0; i < roles.Length; i++)
        {
            Assert.InRange(layout.PartitionCountOf(roles[i].Node), expected[i], expected[i] + 1);
        }

        AssertValid(layout, roles, 2);
    }

    [Fact]
    public void Assign_ZoneRuleCapsABigZone_ItsNodesSplitTheZoneShareByCapacity()
    {
        // rf 3 over 3 zones: every zone holds exactly one replica of every partition, whatever its capacity.
        var roles = new[]
        {
            Storage("a1", "big", 100), Storage("a2", "big", 300), Storage("b", "small1", 10), Storage("c", "small2", 10),
        };

        var layout = ClusterLayout.Compute(1, 3, roles, null);

        Assert.Equal(64, layout.PartitionCountOf(Id("a1")));
        Assert.Equal(192, layout.PartitionCountOf(Id("a2")));
        Assert.Equal(P, layout.PartitionCountOf(Id("b")));
        Assert.Equal(P, layout.PartitionCountOf(Id("c")));
        AssertValid(layout, roles, 3);
    }

    [Fact]
    public void Assign_TinyZoneWithFewerZonesThanRf_StillHoldsEveryPartition()
    {
        var roles = new[] { Storage("a1", "z1", 1000), Storage("a2", "z1", 1000), Storage("b", "z2", 1) };

        var layout = ClusterLayout.Compute(1, 3, roles, null);

        Assert.Equal(P, layout.PartitionCountOf(Id("b")));
        AssertValid(layout, roles, 3);
    }

    [Fact]
    public void Assign_Gateways_GetNoPartitions()
    {
        var roles = new[] { Storage("a", "z1"), Gateway("g1"), Storage("b", "z2"), Gateway("g2", "z3"), Storage("c", "z3") };

        var layout = ClusterLayout.Compute(1, 2, roles, null);

        Assert.Equal(0, layout.PartitionCountOf(Id("g1")));
        Assert.Equal(0, layout.PartitionCountOf(Id("g2")));
        Assert.Equal(new[] { Id("a"), Id("b"), Id("c") }.Order(), layout.StorageNodes);
        AssertValid(layout, roles, 2);
    }

    [Fact]
    public void Assign_SameInputsInAnyRoleOrder_GivesTheSameAssignment()
    {
        var roles = Enumerable.Range(0, 7).Select(i => Storage($"n{i}", $"z{i % 3}", 100 + (i * 37))).ToArray();
        var previous = ClusterLayout.Compute(1, 3, roles[..5], null);

        var first = ClusterLayout.Compute(2, 3, roles, previous);
        var second = ClusterLayout.Compute(2, 3, [.. roles.Reverse()], previous);

        Assert.All(Enumerable.Range(0, P), p => Assert.Equal(first.NodesOf((byte)p), second.NodesOf((byte)p)));
    }

    [Fact]
    public void Assign_AddingAFourthEqualNode_MovesTheMinimumQuarterOfReplicas()
    {
        var three = Enumerable.Range(0, 3).Select(i => Storage($"n{i}", "dc1")).ToArray();
        var before = ClusterLayout.Compute(1, 3, three, null);

        var after = ClusterLayout.Compute(2, 3, [.. three, Storage("n3", "dc1")], before);

        // The new node must receive its quota of 192 replicas; nothing else has to move.
        Assert.Equal(192, after.PartitionCountOf(Id("n3")));
        Assert.Equal(192, after.ReplicasMovedFrom(before));
    }

    [Fact]
    public void Assign_AddingANode_TakesItsReplicasFromEveryOldNode()
    {
        var three = Enumerable.Range(0, 3).Select(i => Storage($"n{i}", $"z{i}")).ToArray();
        var before = ClusterLayout.Compute(1, 2, three, null);

        var after = ClusterLayout.Compute(2, 2, [.. three, Storage("n3", "z3")], before);

        // Each old node gives up some partitions (the transfer load is spread, as in Garage).
        var moved = after.ReplicasMovedFrom(before);
        Assert.Equal(128, moved);
        Assert.All(three, r => Assert.InRange(before.PartitionCountOf(r.Node) - after.PartitionCountOf(r.Node), 40, 46));
    }

    [Fact]
    public void Assign_RemovingANode_MovesOnlyItsReplicas()
    {
        var four = Enumerable.Range(0, 4).Select(i => Storage($"n{i}", $"z{i}")).ToArray();
        var before = ClusterLayout.Compute(1, 3, four, null);

        var after = ClusterLayout.Compute(2, 3, four[..3], before);

        Assert.Equal(before.PartitionCountOf(Id("n3")), after.ReplicasMovedFrom(before));
        AssertValid(after, four[..3], 3);
    }

    [Fact]
    public void Assign_UnchangedRoles_MovesNothing()
    {
        var roles = Enumerable.Range(0, 6).Select(i => Storage($"n{i}", $"z{i % 3}", 100 + (i * 10))).ToArray();
        var before = ClusterLayout.Compute(1, 3, roles, null);

        var after = ClusterLayout.Compute(2, 3, roles, before);

        Assert.Equal(0, after.ReplicasMovedFrom(before));
    }

    [Fact]
    public void Assign_DoublingOneCapacity_MovesCloseToTheQuotaChange()
    {
        var roles = Enumerable.Range(0, 5).Select(i => Storage($"n{i}", $"z{i}", 1000)).ToArray();
        var before = ClusterLayout.Compute(1, 2, roles, null);
        var changed = roles.Select((r, i) => i == 0 ? r with { CapacityBytes = 2000 } : r).ToArray();

        var after = ClusterLayout.Compute(2, 2, changed, before);

        var gained = after.PartitionCountOf(Id("n0")) - before.PartitionCountOf(Id("n0"));
        Assert.InRange(gained, 60, 90); // 512 × 2/6 ≈ 171 instead of 102.4
        Assert.Equal(gained, after.ReplicasMovedFrom(before));
    }

    [Fact]
    public void Assign_ManyRandomLayouts_AreValidAndBalanced()
    {
        var random = new Random(20240611);
        for (var round = 0; round < 25; round++)
        {
            var nodes = random.Next(1, 12);
            var zones = random.Next(1, 5);
            var rf = random.Next(1, Math.Min(nodes, 4) + 1);
            var roles = Enumerable.Range(0, nodes)
                .Select(i => Storage($"r{round}n{i}", $"z{random.Next(zones)}", random.Next(1, 10) * 100))
                .ToArray();

            var layout = ClusterLayout.Compute(1, rf, roles, null);

            AssertValid(layout, roles, rf);
        }
    }

    [Fact]
    public void Place_QuotasThatBreakTheZoneRule_RelaxesThemInsteadOfFailing()
    {
        // Three zones at rf 3 force 256 partitions per node; quotas 300/212/256 cannot be met exactly.
        var storage = new[] { Storage("a", "z1"), Storage("b", "z2"), Storage("c", "z3") }.OrderBy(r => r.Node).ToArray();
        var held = LayoutAssignment.PreviousPlacements(storage, null);

        var assignment = LayoutAssignment.Place(storage, 3, held, [300, 212, 256]);

        Assert.All(assignment, nodes => Assert.Equal(storage.Select(r => r.Node), nodes));
    }

    [Fact]
    public void Assign_ReplicationFactorAboveStorageNodes_Throws()
    {
        var roles = new[] { Storage("a", "z1"), Storage("b", "z2"), Gateway("g") };

        var e = Assert.Throws<InvalidLayoutException>(() => ClusterLayout.Compute(1, 3, roles, null));
        Assert.Contains("at least 3 storage nodes", e.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void Assign_NonPositiveCapacity_Throws(long capacity)
    {
        var roles = new[] { Storage("a", "z1"), new NodeRole(Id("b"), "z2", capacity) };

        var e = Assert.Throws<InvalidLayoutException>(() => ClusterLayout.Compute(1, 1, roles, null));
        Assert.Contains("capacity", e.Message);
    }

    [Fact]
    public void Assign_DuplicatedNode_Throws()
    {
        var roles = new[] { Storage("a", "z1"), Storage("a", "z2") };

        var e = Assert.Throws<InvalidLayoutException>(() => ClusterLayout.Compute(1, 1, roles, null));
        Assert.Contains("more than once", e.Message);
    }

    [Fact]
    public void Assign_ReplicationFactorZero_Throws()
    {
        Assert.Throws<InvalidLayoutException>(() => ClusterLayout.Compute(1, 0, [Storage("a", "z1")], null));
    }

    [Fact]
    public void Assign_EmptyZone_Throws()
    {
        Assert.Throws<InvalidLayoutException>(() => ClusterLayout.Compute(1, 1, [Storage("a", " ")], null));
    }

    /// <summary>rf distinct storage nodes per partition, sorted, in at least min(#zones, rf) zones.</summary>
    private static void AssertValid(ClusterLayout layout, IReadOnlyList<NodeRole> roles, int rf)
    {
        var storage = roles.Where(r => !r.IsGateway).ToArray();
        var zoneOf = storage.ToDictionary(r => r.Node, r => r.Zone);
        var wantedZones = Math.Min(zoneOf.Values.Distinct().Count(), rf);
        for (var p = 0; p < P; p++)
        {
            var nodes = layout.NodesOf((byte)p);
            Assert.Equal(rf, nodes.Count);
            Assert.Equal(rf, nodes.Distinct().Count());
            Assert.All(nodes, n => Assert.True(zoneOf.ContainsKey(n), $"partition {p} holds a non-storage node"));
            Assert.True(
                nodes.Select(n => zoneOf[n]).Distinct().Count() >= wantedZones,
                $"partition {p} spans fewer than {wantedZones} zones");
            Assert.Equal(nodes.Order(), nodes);
        }

        Assert.Equal(P * rf, storage.Sum(r => layout.PartitionCountOf(r.Node)));
    }
}
