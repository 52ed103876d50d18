using GarageOrleans.Cluster.Placement;

namespace GarageOrleans.Cluster.Tests.TestCluster;

public interface IReplicaSetProbeGrain : IGrainWithStringKey
{
    /// <summary>The hex node id of the silo this activation runs on.</summary>
    Task<string> GetNodeAsync();
}

[ReplicaSet]
internal sealed class ReplicaSetProbeGrain(LocalNode local) : Grain, IReplicaSetProbeGrain
{
    public Task<string> GetNodeAsync() => Task.FromResult(local.Id.ToHex());
}
