namespace GarageOrleans.Admin.Contracts;

/// <summary>
/// Response of GetClusterLayout, UpdateClusterLayout, ApplyClusterLayout and RevertClusterLayout: the newest applied
/// version (0 = none yet) with its content hash, parameters and roles; the staged changes; and
/// <see cref="Preview"/>, what ApplyClusterLayout would give (null when nothing is staged). <see cref="Diverged"/> is
/// true when two different contents were applied under one version number somewhere: an operator must look.
/// </summary>
public sealed record ClusterLayoutInfo(
    ulong Version,
    string? ContentHash,
    LayoutParameters? Parameters,
    IReadOnlyList<LayoutNodeRole> Roles,
    IReadOnlyList<NodeRoleChange> StagedRoleChanges,
    LayoutParameters? StagedParameters,
    ClusterLayoutPreview? Preview,
    bool Diverged);

/// <summary>
/// Response of PreviewClusterLayoutChanges (and <see cref="ClusterLayoutInfo.Preview"/>): the version an apply would
/// create, its roles with their partition counts, and how many partition copies would move to another node; or
/// <see cref="Error"/>, why the staged changes cannot be applied (then the other members describe nothing).
/// </summary>
public sealed record ClusterLayoutPreview(
    ulong Version,
    string? ContentHash,
    LayoutParameters? Parameters,
    IReadOnlyList<LayoutNodeRole> Roles,
    int PartitionCopiesMoved,
    string? Error);
