using GarageOrleans.Cluster.Placement;

namespace GarageOrleans.Cluster.Tests.TestCluster;

public interface IPinnedProbeGrain : IGrainWithStringKey
{
    /// <summary>The hex node id of the silo this activation runs on.</summary>
    Task<string> GetNodeAsync();
}

[NodePinned]
internal sealed class PinnedProbeGrain(LocalNode local) : Grain, IPinnedProbeGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        NodePinning.IsCorrectlyPlaced(this.GetPrimaryKeyString(), local.Id)
            ? Task.CompletedTask
            : throw new InvalidOperationException($"{this.GetPrimaryKeyString()} activated on node {local.Id.ToHex()}");

    public Task<string> GetNodeAsync() => Task.FromResult(local.Id.ToHex());
}
