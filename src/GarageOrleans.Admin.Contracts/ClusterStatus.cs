namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Response of <c>GET /v2/GetClusterStatus</c>. <see cref="S3InternalErrors"/> is counted by the node that answered,
/// since it started: S3 requests it answered 500 InternalError, each of which is a bug (null when that node serves no
/// S3 API). It is here so that a test or a monitor outside the process can check it is zero.
/// </summary>
public sealed record ClusterStatus(ulong LayoutVersion, int ReplicationFactor, IReadOnlyList<NodeStatus> Nodes, long? S3InternalErrors = null);
