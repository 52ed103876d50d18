namespace GarageOrleans.Hosting;

/// <summary>Runs <see cref="AdoNetMembership.CheckSchemaAsync"/> at start-up; registered before the silo, so it runs first.</summary>
internal sealed class AdoNetMembershipCheck(NodeContext context) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        AdoNetMembership.CheckSchemaAsync(context.Cluster.MembershipConnectionString!, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
